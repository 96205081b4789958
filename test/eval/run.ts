/**
 * `npm run eval:search`: ingests ../shared/corpora/archive-sample into a temporary archive with the GloVe
 * test embedder, then prints top-1 / top-5 hit rates of BM25 only, vectors only and the fused ranking,
 * per question language -> source language. Flags: `--misses` lists the questions each mode misses;
 * `--sweep` prints hit rates over a grid of fusion weights.
 * DARKROOM_TEST_CORPUS / DARKROOM_TEST_MODELS point elsewhere; DARKROOM_EVAL_MODEL picks another embedder folder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEmbedder } from '../../core/models/embedder.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { gloveModel, sampleCorpus } from '../helpers/env.ts';
import { evaluateSearch, type EvalReport } from './evaluate.ts';
import { evalQuestions, unanswerableQuestions } from './questions.ts';
import { searchArchive } from '../../core/search/search.ts';

const modelDir = process.env.DARKROOM_EVAL_MODEL ?? gloveModel;
const showMisses = process.argv.includes('--misses');
const sweep = process.argv.includes('--sweep');

if (!existsSync(sampleCorpus)) {
  console.log(`eval:search needs the sample archive at ${sampleCorpus} (set DARKROOM_TEST_CORPUS).`);
  process.exit(0);
}
const embedder = existsSync(modelDir) ? await loadEmbedder(modelDir) : null;
if (!embedder) console.log(`No embedder at ${modelDir}: vector and fused rows are left out.`);

const home = mkdtempSync(path.join(tmpdir(), 'darkroom-eval-'));
const archive = await Archive.open({ home, followWrites: false });
try {
  const summary = await ingest({ archive, corpus: 'sample', inputs: [sampleCorpus], embedder });
  const ingestedPaths = new Set(summary.results.filter((r) => r.status === 'ingested').map((r) => path.resolve(r.path)));
  console.log(`Ingested ${summary.ingested} files (${summary.failed} failed), ${summary.passages} passages, embedder ${embedder?.stamp.name ?? 'none'}, in ${summary.seconds.toFixed(1)} s.`);

  const reports: EvalReport[] = [];
  for (const mode of embedder ? (['lexical', 'semantic', 'hybrid'] as const) : (['lexical'] as const)) {
    reports.push(await evaluateSearch({ archive, embedder, questions: evalQuestions, root: sampleCorpus, mode, corpus: 'sample', ingestedPaths }));
  }
  const first = reports[0];
  if (first && first.missing.length) console.log(`${first.missing.length} questions left out (their file was not ingested): ${first.missing.join(', ')}`);
  console.log('\n| mode | group | questions | top-1 | top-5 |\n|---|---|---|---|---|');
  for (const r of reports) {
    for (const s of r.scores) console.log(`| ${r.mode} | ${s.group} | ${s.questions} | ${pct(s.top1)} | ${pct(s.top5)} |`);
  }
  const topScore = async (question: string) => (await searchArchive(archive, embedder, { query: question, corpus: 'sample', limit: 1 })).hits[0]?.why.bm25_score ?? 0;
  const answerable = await Promise.all(evalQuestions.map((q) => topScore(q.question)));
  const unanswerable = await Promise.all(unanswerableQuestions.map((q) => topScore(q.question)));
  console.log(`\nBM25 score of the first hit (for abstention thresholds): answerable median ${median(answerable).toFixed(2)}, unanswerable median ${median(unanswerable).toFixed(2)} (max ${Math.max(...unanswerable).toFixed(2)})`);
  if (sweep && embedder) {
    console.log('\nFusion sweep (hybrid, all questions):\n| vectorWeight | vectorOnlyWeight | top-1 | top-5 |\n|---|---|---|---|');
    for (const vectorWeight of [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]) {
      for (const vectorOnlyWeight of [0, 0.2, 0.5, 1]) {
        const r = await evaluateSearch({ archive, embedder, questions: evalQuestions, root: sampleCorpus, mode: 'hybrid', corpus: 'sample', ingestedPaths, fusion: { vectorWeight, vectorOnlyWeight } });
        const all = r.scores.find((s) => s.group === 'all');
        console.log(`| ${vectorWeight} | ${vectorOnlyWeight} | ${pct(all?.top1 ?? 0)} | ${pct(all?.top5 ?? 0)} |`);
      }
    }
  }
  if (showMisses) {
    for (const r of reports) {
      const misses = r.outcomes.filter((o) => o.rank === null || o.rank > 5).map((o) => `${o.id}${o.rank ? `(#${o.rank})` : ''}`);
      console.log(`\n${r.mode} misses top-5: ${misses.join(', ') || 'none'}`);
    }
  }
} finally {
  archive.close();
  await embedder?.dispose();
  rmSync(home, { recursive: true, force: true });
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
