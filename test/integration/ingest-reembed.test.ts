import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { loadEmbedder, type Embedder } from '../../core/models/embedder.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { reembed } from '../../ingest/reembed.ts';
import { gloveModel, needs, repoRoot, tempDir } from '../helpers/env.ts';

const isMismatch = (err: unknown) => isDarkroomError(err, 'MODEL_MISMATCH') && /darkroom reembed/.test(err.message);

describe('darkroom reembed with the GloVe model', { skip: needs(gloveModel, 'the GloVe test embedder') }, () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  const home = path.join(tmp.dir, 'home');
  let archive: Archive;
  let glove: Embedder;

  before(async () => {
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'cinema.txt'), 'We went to the movie theater every Saturday.\n\nThe projectionist let us watch from the booth.');
    writeFileSync(path.join(docs, 'farm.txt'), 'The cattle were moved to the upper pasture in June.\n\nHay was stacked before the rain.');
    writeFileSync(path.join(docs, 'sea.txt'), 'The fishing boats stayed in the harbour during the storm.');
    glove = await loadEmbedder(gloveModel);
    archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'a', inputs: [docs], embedder: null });
  });
  after(async () => {
    archive.close();
    await glove.dispose();
    tmp.cleanup();
  });

  it('adds vectors to a full-text archive and records the embedder', async () => {
    const count = await archive.countPassages();
    const summary = await reembed({ archive, embedder: glove });
    assert.equal(summary.passages, count);
    assert.deepEqual(archive.embedder, glove.stamp);
    const rows = await (await archive.passages())!.query().select(['vector']).toArray();
    assert.equal(rows.length, count);
    for (const r of rows) assert.equal(Array.from(r.vector as Iterable<number>).length, glove.stamp.dim);
    const result = await searchArchive(archive, glove, { query: 'film', corpus: 'a', mode: 'semantic' });
    assert.equal(result.semantic, true);
    assert.match(result.hits[0]?.path ?? '', /cinema\.txt$/, 'film ~ movie: found by meaning alone');
  });

  it('then embeds new files on ingest with the same model', async () => {
    writeFileSync(path.join(docs, 'school.txt'), 'The teacher rang the bell at eight.');
    const summary = await ingest({ archive, corpus: 'a', inputs: [docs], embedder: glove });
    assert.equal(summary.ingested, 1);
    assert.equal(await (await archive.passages())!.countRows('vector IS NULL'), 0);
  });

  it('refuses to ingest or search with a model other than the one recorded', async () => {
    archive.setEmbedder({ name: 'another-model', sha256: 'f'.repeat(64), dim: glove.stamp.dim });
    writeFileSync(path.join(docs, 'late.txt'), 'A late addition about the orchard.');
    await assert.rejects(ingest({ archive, corpus: 'a', inputs: [docs], embedder: glove }), isMismatch);
    await assert.rejects(searchArchive(archive, glove, { query: 'orchard', corpus: 'a' }), isMismatch);
    await reembed({ archive, embedder: glove });
    assert.equal((await ingest({ archive, corpus: 'a', inputs: [docs], embedder: glove })).ingested, 1);
  });

  it('refuses --corpus when other corpora would keep vectors of another model', async () => {
    assert.equal((await ingest({ archive, corpus: 'b', inputs: [path.join(docs, 'sea.txt')], embedder: glove })).ingested, 1);
    archive.setEmbedder({ name: 'another-model', sha256: 'f'.repeat(64), dim: glove.stamp.dim });
    await assert.rejects(reembed({ archive, embedder: glove, corpus: 'a' }), (e: unknown) => isDarkroomError(e, 'INPUT_INVALID') && /without --corpus/.test(e.message));
    await reembed({ archive, embedder: glove });
  });

  it('drops every vector with `darkroom reembed --none`, after which full-text ingest works', async () => {
    archive.close();
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, 'reembed', '--none', '--json'], { encoding: 'utf8', env: { ...process.env, DARKROOM_EMBED_MODEL: '' } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { embedder: unknown }).embedder, null);
    archive = await Archive.open({ home });
    assert.equal(archive.embedder, null);
    assert.equal((await (await archive.passages())!.schema()).fields.some((f) => f.name === 'vector'), false);
    writeFileSync(path.join(docs, 'later.txt'), 'Written after the vectors were dropped.');
    assert.equal((await ingest({ archive, corpus: 'a', inputs: [docs], embedder: null })).ingested, 1);
    const result = await searchArchive(archive, null, { query: 'vectors dropped', corpus: 'a' });
    assert.match(result.hits[0]?.path ?? '', /later\.txt$/);
  });
});
