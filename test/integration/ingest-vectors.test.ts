import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder, type Embedder } from '../../core/models/embedder.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import type { IngestSummary } from '../../ingest/pipeline.ts';
import { reembed } from '../../ingest/reembed.ts';
import { gloveModel, needs, repoRoot, tempDir } from '../helpers/env.ts';

/** Words outside the GloVe model's (English) vocabulary only: Japanese, Amharic, runes, emoji (and so is the file name, which is part of the embedded text). */
const UNKNOWN_WORDS = '東京の古い映画館\n\nአማርኛ ቋንቋ ነው\n\nᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾ\n\n🎬 🎥 📼';

describe('a passage the embedding model gives no usable vector (GloVe, unknown words)', { skip: needs(gloveModel, 'the GloVe test embedder'), timeout: 300_000 }, () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  const home = path.join(tmp.dir, 'home');
  let run: { status: number | null; stdout: string; stderr: string };
  let summary: IngestSummary;
  let glove: Embedder;

  before(async () => {
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'ferry.txt'), 'The ferry crossed the lake at dawn.\n\nThe captain rang the bell twice.');
    writeFileSync(path.join(docs, '東京.txt'), UNKNOWN_WORDS);
    writeFileSync(path.join(docs, 'school.txt'), 'The school closed for the harvest every autumn.');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, 'ingest', docs, '--corpus', 'v', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, DARKROOM_EMBED_MODEL: gloveModel },
    });
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    summary = JSON.parse(run.stdout) as IngestSummary;
    glove = await loadEmbedder(gloveModel);
  });
  after(async () => {
    await glove.dispose();
    tmp.cleanup();
  });

  it('does not stop the run: every file is ingested and the exit code is 0', () => {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(summary.ingested, 3);
    assert.doesNotMatch(run.stderr, /Vector column contains NaN|STORE_FAILED/);
  });

  it('counts the passage and names its file in the --json summary', () => {
    assert.equal(summary.passages_without_vector, 1);
    const gap = summary.results.find((r) => r.without_vector);
    assert.equal(path.basename(gap?.path ?? ''), '東京.txt');
    assert.match(gap?.without_vector?.reason ?? '', /no word of the text is known to the embedding model/);
  });

  it('stores it without a vector, found by full-text search; the others keep theirs and are found by meaning', async () => {
    const archive = await Archive.open({ home });
    try {
      const rows = await (await archive.passages())!.query().select(['source_path', 'vector']).toArray();
      assert.deepEqual(rows.filter((r) => r.vector === null).map((r) => path.basename(String(r.source_path))), ['東京.txt']);
      const runes = await searchArchive(archive, glove, { query: 'ᚠᚢᚦᚨᚱᚲ', corpus: 'v' });
      assert.equal(path.basename(runes.hits[0]?.path ?? ''), '東京.txt');
      const amharic = await searchArchive(archive, glove, { query: 'ቋንቋ', corpus: 'v', mode: 'lexical' });
      assert.equal(path.basename(amharic.hits[0]?.path ?? ''), '東京.txt');
      const semantic = await searchArchive(archive, glove, { query: 'boat', corpus: 'v', mode: 'semantic' });
      assert.ok(semantic.semantic);
      assert.ok(semantic.hits.every((h) => Number.isFinite(h.why.vector_distance)), 'no NaN distance');
      assert.ok(!semantic.hits.some((h) => h.path.endsWith('東京.txt')), 'a passage without a vector is not a vector hit');
    } finally {
      archive.close();
    }
  });

  it('lets reembed go through and name the passage left without a vector', async () => {
    const archive = await Archive.open({ home });
    try {
      const re = await reembed({ archive, embedder: glove });
      assert.equal(re.passages, await archive.countPassages());
      assert.equal(re.without_vector.length, 1);
      assert.match(re.without_vector[0]!, /:0$/);
      const hybrid = await searchArchive(archive, glove, { query: 'ferry lake', corpus: 'v' });
      assert.equal(path.basename(hybrid.hits[0]?.path ?? ''), 'ferry.txt');
    } finally {
      archive.close();
    }
  });
});
