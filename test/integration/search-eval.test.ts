import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadEmbedder, type Embedder } from '../../core/models/embedder.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { evaluateSearch, overall } from '../eval/evaluate.ts';
import { evalQuestions } from '../eval/questions.ts';
import { gloveModel, needs, sampleCorpus, tempDir } from '../helpers/env.ts';

const skip = needs(sampleCorpus, 'the sample archive (../shared/corpora/archive-sample)') || needs(gloveModel, 'the GloVe test embedder');

describe('search on the sample archive, with the GloVe embedder', { skip }, () => {
  const tmp = tempDir();
  let archive: Archive;
  let embedder: Embedder;
  let ingestedPaths: Set<string>;

  before(async () => {
    embedder = await loadEmbedder(gloveModel);
    archive = await Archive.open({ home: path.join(tmp.dir, 'home'), followWrites: false });
    const summary = await ingest({ archive, corpus: 'sample', inputs: [sampleCorpus], embedder });
    ingestedPaths = new Set(summary.results.filter((r) => r.status === 'ingested').map((r) => path.resolve(r.path)));
  });
  after(async () => {
    archive?.close();
    await embedder?.dispose();
    tmp.cleanup();
  });

  it('ranks the expected passage in the top 5 at least as often fused as with BM25 alone', async () => {
    const common = { archive, embedder, questions: evalQuestions, root: sampleCorpus, corpus: 'sample', ingestedPaths };
    const lexical = overall(await evaluateSearch({ ...common, mode: 'lexical' }));
    const hybrid = overall(await evaluateSearch({ ...common, mode: 'hybrid' }));
    assert.ok(lexical.questions >= 10, `at least 10 questions have their file ingested (got ${lexical.questions})`);
    assert.ok(hybrid.top5 >= lexical.top5, `fused top-5 ${hybrid.top5} >= BM25 top-5 ${lexical.top5}`);
  });

  // Each query names where its answer is; the passage must be among the first five hits.
  const known: Array<{ query: string; file: string; phrase: string }> = [
    // Letter I, Burnt Fork, 18 April 1909: the stage driver.
    { query: 'handsome Mormon stage driver', file: 'letters/stewart_homesteader/letter_01_1909-04-18.txt', phrase: 'widower Mormon' },
    // Letter X, 15 August 1910: Cora Belle's wool.
    { query: 'Cora Belle wool sixty dollars', file: 'letters/stewart_homesteader/letter_10_1910-08-15.txt', phrase: 'sixty dollars' },
    // Letter XI, 1 September 1910: Zebbie plays during the storm.
    { query: 'Zebbie playing Annie Laurie in the storm', file: 'letters/stewart_homesteader/letter_11_1910-09-01.txt', phrase: 'Annie Laurie' },
    // Cousin, Madame de Hautefort: the chevalier de Jars passes the queen's letter through his floor.
    { query: 'le chevalier de Jars perça son plancher', file: 'letters_fr/cousin_madame_de_hautefort_1856_extrait.txt', phrase: 'perça son plancher' },
    // Same passage, asked with folded accents and an English frame.
    { query: 'chevalier de Jars lettre de la reine La Porte cachot', file: 'letters_fr/cousin_madame_de_hautefort_1856_extrait.txt', phrase: 'La Porte' },
  ];
  for (const k of known) {
    it(`finds "${k.query}" in ${path.basename(k.file)} within the top 5`, async () => {
      const result = await searchArchive(archive, embedder, { query: k.query, corpus: 'sample', limit: 5 });
      assert.equal(result.semantic, true);
      const found = result.hits.some((h) => h.path === path.join(sampleCorpus, k.file) && h.text.includes(k.phrase));
      assert.ok(found, `top 5: ${result.hits.map((h) => `${path.basename(h.path)} "${h.text.slice(0, 60)}"`).join(' | ')}`);
    });
  }
});
