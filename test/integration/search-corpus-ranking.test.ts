/**
 * Full-text ranking per corpus: a search in one corpus ranks exactly as if the others did not exist. The demo
 * corpus is searched, a second corpus full of the same words is added (which changed the demo's BM25 scores and
 * order when the statistics were archive-wide), and the demo's hits and scores must stay the same; so after the
 * second corpus is removed, and after its text tables are lost (an archive from before them: rebuilt by the next
 * ingest). A run killed between the passages and their text rows is repaired by the next ingest.
 * Real LanceDB in a temporary folder, the real ingestion pipeline.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { textTableName } from '../../core/store/corpus-text.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const demo = path.join(repoRoot, 'corpora', 'demo');
const queries = ['flood', 'school river water', 'mother letter', 'inondation'];

/** Each query's hits in the demo corpus as `id score` lines (lexical: BM25 only, scores exact). */
async function demoRanking(archive: Archive): Promise<string[][]> {
  const out: string[][] = [];
  for (const query of queries) {
    const result = await searchArchive(archive, null, { query, corpus: 'demo', mode: 'lexical', limit: 20 });
    out.push(result.hits.map((h) => `${h.id} ${h.why.bm25_score}`));
  }
  return out;
}

describe('full-text ranking per corpus', { timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-corpus-ranking-');
  const home = path.join(tmp.dir, 'home');
  const other = path.join(tmp.dir, 'other');
  let archive: Archive;
  let alone: string[][];

  before(async () => {
    mkdirSync(other);
    // Words of the demo's queries, many times over: archive-wide statistics make them common, and short documents.
    for (let i = 0; i < 40; i++) {
      writeFileSync(path.join(other, `note_${i}.txt`), `Flood ${i}: the river reached the school. ${'Flood water, river water. '.repeat(i % 5)}A letter to mother about the inondation.\n`);
    }
    archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'demo', inputs: [demo], embedder: null });
    alone = await demoRanking(archive);
    for (const hits of alone) assert.ok(hits.length > 0, 'every query finds demo passages');
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('adding a second corpus with the same words leaves the first corpus\'s hits and scores as they were', async () => {
    const summary = await ingest({ archive, corpus: 'other', inputs: [other], embedder: null });
    assert.equal(summary.ingested, 40);
    assert.deepEqual(await demoRanking(archive), alone);
    const everywhere = await searchArchive(archive, null, { query: 'flood', mode: 'lexical', limit: 50 });
    assert.deepEqual([...new Set(everywhere.hits.map((h) => h.corpus))].sort(), ['demo', 'other'], 'a search of every corpus still finds both');
    const scoped = await searchArchive(archive, null, { query: 'flood', mode: 'lexical', limit: 50, corpora: ['other'] });
    assert.ok(scoped.hits.length > 0 && scoped.hits.every((h) => h.corpus === 'other'));
  });

  it('and so after the second corpus is removed', async () => {
    const ids = (await archive.listSources({ corpus: 'other' })).map((s) => s.id);
    await archive.removeSources(ids);
    assert.deepEqual(await demoRanking(archive), alone);
    const table = await archive.openTable(textTableName('other'));
    assert.equal(await table?.countRows(), 0, 'the removed corpus has no text rows left');
  });

  it('an archive without its text tables still searches, and the next ingest rebuilds them', async () => {
    await ingest({ archive, corpus: 'other', inputs: [other], embedder: null });
    archive.close();
    const raw = await Archive.open({ home });
    await raw.db.dropTable(textTableName('demo'));
    await raw.db.dropTable(textTableName('other'));
    raw.close();
    archive = await Archive.open({ home });
    const fallback = await searchArchive(archive, null, { query: 'flood', corpus: 'demo', mode: 'lexical', limit: 20 });
    assert.ok(fallback.hits.length > 0, 'archive-wide statistics until the next ingest');
    assert.ok(fallback.hits.every((h) => h.corpus === 'demo'));
    await ingest({ archive, corpus: 'demo', inputs: [demo], embedder: null });
    assert.deepEqual(await demoRanking(archive), alone);
  });

  it('a run killed between the passages and their text rows is repaired by the next ingest', async () => {
    const source = (await archive.listSources({ corpus: 'demo' }))[0]!;
    const table = (await archive.openTable(textTableName('demo')))!;
    const every = async () => {
      const out: string[][] = [];
      for (const query of queries) out.push((await searchArchive(archive, null, { query, corpus: 'demo', mode: 'lexical', limit: 200 })).hits.map((h) => h.id).sort());
      return out;
    };
    const matching = await every();
    await table.delete(`source_id = '${source.id}'`);
    assert.notDeepEqual(await every(), matching, 'the lost rows are missing from the results');
    await ingest({ archive, corpus: 'other', inputs: [other], embedder: null });
    assert.equal(await table.countRows(), await archive.countPassages('demo'));
    // The same passages match again. (Scores may differ in the last digits: LanceDB's index statistics depend on
    // the order rows are stored in, which the repair changes; the other corpus plays no part in them.)
    assert.deepEqual(await every(), matching);
  });
});
