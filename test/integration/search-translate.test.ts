/**
 * Cross-language search through the Debian bilingual dictionaries, on the demo corpus (in the repository),
 * full-text only: an English question finds the French letter and the reverse, and each hit says so.
 * Skipped, with the reason printed, where dict-freedict-eng-fra / dict-freedict-fra-eng are not installed.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_DICTD_DIR } from '../../core/lang/dictionary.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { needs, repoRoot, tempDir } from '../helpers/env.ts';

const skip =
  needs(path.join(DEFAULT_DICTD_DIR, 'freedict-eng-fra.dict.dz'), 'the FreeDict English-French dictionary (apt-get install dict-freedict-eng-fra)') ||
  needs(path.join(DEFAULT_DICTD_DIR, 'freedict-fra-eng.dict.dz'), 'the FreeDict French-English dictionary (apt-get install dict-freedict-fra-eng)');
const demo = path.join(repoRoot, 'corpora', 'demo', 'archive');

describe('search across English and French with the bilingual dictionary', { skip }, () => {
  const tmp = tempDir('darkroom-translate-');
  let archive: Archive;

  before(async () => {
    archive = await Archive.open({ home: tmp.dir, followWrites: false });
    await ingest({ archive, corpus: 'demo', inputs: [demo], embedder: null });
  });
  after(() => {
    archive?.close();
    tmp.cleanup();
  });

  const cases = [
    { query: 'how much did the winter coat cost', file: 'letters/1954-11-07_lettre_de_marie_montreal.txt', target: 'French' },
    { query: "le manteau d'hiver", file: 'rushes/rush_A004_thomas_biscuit_tin.txt', target: 'English' },
  ];
  for (const c of cases) {
    it(`finds ${path.basename(c.file)} for "${c.query}" only through the ${c.target} translation, and says so`, async () => {
      const plain = await searchArchive(archive, null, { query: c.query, corpus: 'demo', limit: 5, translate: false });
      assert.ok(!plain.hits.some((h) => h.path === path.join(demo, c.file)), 'not found by the words as typed');
      const result = await searchArchive(archive, null, { query: c.query, corpus: 'demo', limit: 5 });
      const hit = result.hits.find((h) => h.path === path.join(demo, c.file));
      assert.ok(hit, `top 5: ${result.hits.map((h) => path.basename(h.path)).join(', ')}`);
      assert.equal(hit.why.translation_rank, 1, 'the hit says the translation found it');
      assert.ok(result.notes.some((n) => n.includes(`also searched in ${c.target} through the bilingual dictionary`)), result.notes.join(' | '));
    });
  }
});
