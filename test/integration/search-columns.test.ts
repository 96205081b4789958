import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gloveModel, needs, repoRoot, tempDir } from '../helpers/env.ts';

describe('search selects its score columns explicitly', { skip: needs(gloveModel, 'the GloVe test embedder'), timeout: 300_000 }, () => {
  const tmp = tempDir();
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, DARKROOM_EMBED_MODEL: gloveModel, LANCEDB_LOG: 'warn' };
  const darkroom = (args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], { encoding: 'utf8', env });

  before(() => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'ferry.txt'), 'The ferry crossed the lake at dawn.\n\nThe captain rang the bell twice.');
    writeFileSync(path.join(docs, 'school.txt'), 'The school closed for the harvest every autumn.');
    assert.equal(darkroom(['ingest', docs, '--corpus', 's']).status, 0);
  });
  after(() => tmp.cleanup());

  it('gets finite BM25 scores and vector distances with no LanceDB deprecation warning', () => {
    const run = darkroom(['search', 'ferry lake', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Deprecation warning|_score|_distance/);
    const hits = (JSON.parse(run.stdout) as { hits: Array<{ score: number; why: { bm25_score: number | null; vector_distance: number | null } }> }).hits;
    assert.ok(hits.length > 0);
    const top = hits[0]!;
    assert.ok(Number.isFinite(top.score));
    assert.ok(Number.isFinite(top.why.bm25_score), `bm25_score ${top.why.bm25_score}`);
    assert.ok(Number.isFinite(top.why.vector_distance), `vector_distance ${top.why.vector_distance}`);
  });
});
