/**
 * `npm run eval:search`: ingests ../shared/corpora/archive-sample (corpus `sample`) and corpora/demo/archive
 * (corpus `demo`) into a temporary archive with the GloVe test embedder, then prints, for BM25 only, vectors
 * only and the fused ranking, the top-1 / top-5 hit rates of every question category on the tuning half and
 * on the held-out half (test/eval/question-set.ts), and the share of expected files found in the first 10
 * hits (the multi-source measure).
 * Flags: `--sweep-translation` prints hit rates over weights of the dictionary translation (tuning half);
 * `--misses` lists the questions each mode misses; `--sweep` prints fused hit rates over a grid of
 * fusion weights, on the tuning half only (choose weights there, report them on the held-out half);
 * `--legacy` also prints the first 48 questions by language pair, as docs/search.md did before.
 * DARKROOM_TEST_CORPUS / DARKROOM_TEST_MODELS point elsewhere; DARKROOM_EVAL_MODEL picks another embedder folder.
 */
import { existsSync } from 'node:fs';
import { loadEmbedder } from '../../core/models/embedder.ts';
import { searchArchive, type SearchMode } from '../../core/search/search.ts';
import { gloveModel, sampleCorpus } from '../helpers/env.ts';
import { openEvalArchive } from './eval-archive.ts';
import { evaluateSearch, evaluateSet, scoreByCategory, type ItemOutcome } from './evaluate.ts';
import { evalSet } from './question-set.ts';
import { evalQuestions, unanswerableQuestions } from './questions.ts';

const modelDir = process.env.DARKROOM_EVAL_MODEL ?? gloveModel;
const showMisses = process.argv.includes('--misses');
const sweep = process.argv.includes('--sweep');
const legacy = process.argv.includes('--legacy');

const embedder = existsSync(modelDir) ? await loadEmbedder(modelDir) : null;
if (!embedder) console.log(`No embedder at ${modelDir}: vector and fused rows are left out.`);
const ev = await openEvalArchive(embedder);
try {
  console.log(`Ingested with embedder ${embedder?.stamp.name ?? 'none'}:\n  ${ev.summary.join('\n  ')}`);
  const modes: SearchMode[] = embedder ? ['lexical', 'semantic', 'hybrid'] : ['lexical'];
  // `bm25`: full-text of the query as typed, nothing else (the baseline every category is held to).
  const runs: Array<{ label: string; mode: SearchMode; translate: boolean }> = [
    { label: 'bm25', mode: 'lexical', translate: false },
    { label: 'lexical', mode: 'lexical', translate: true },
    ...(embedder ? [{ label: 'semantic', mode: 'semantic' as const, translate: false }, { label: 'hybrid', mode: 'hybrid' as const, translate: true }] : []),
  ];
  const results = new Map<string, ItemOutcome[]>();
  let missing: string[] = [];
  for (const run of runs) {
    const r = await evaluateSet({ archive: ev.archive, embedder, items: evalSet, mode: run.mode, translate: run.translate, ingestedPaths: ev.ingestedPaths });
    results.set(run.label, r.outcomes);
    missing = r.missing;
  }
  if (missing.length) console.log(`${missing.length} questions left out (no file of theirs was ingested): ${missing.join(', ')}`);
  printTable(results);

  if (process.argv.includes('--sweep-translation')) {
    const tuning = evalSet.filter((q) => q.half === 'tuning');
    console.log('\nTranslation boost sweep, tuning half only (full-text with the dictionary):\n| translationBoost | all top-1 / top-5 | worded | paraphrase | cross | moment | multi |\n|---|---|---|---|---|---|---|');
    for (const translationBoost of [0.25, 0.5, 0.75, 1]) {
      const r = await evaluateSet({ archive: ev.archive, embedder, items: tuning, mode: 'lexical', ingestedPaths: ev.ingestedPaths, fusion: { translationBoost } });
      const rows = scoreByCategory(r.outcomes).filter((s) => s.half === 'tuning');
      const cell = (c: string) => {
        const row = rows.find((s) => s.category === c);
        return `${pct(row?.top1 ?? 0)} / ${pct(row?.top5 ?? 0)}`;
      };
      console.log(`| ${translationBoost} | ${cell('all')} | ${cell('worded')} | ${cell('paraphrase')} | ${cell('cross')} | ${cell('moment')} | ${cell('multi')} |`);
    }
  }
  if (sweep && embedder) {
    const tuning = evalSet.filter((q) => q.half === 'tuning');
    console.log('\nFusion sweep, tuning half only (hybrid):\n| vectorWeight | vectorOnlyWeight | translationWeight | top-1 | top-5 | cross top-5 | paraphrase top-5 |\n|---|---|---|---|---|---|---|');
    for (const translationWeight of [0.5, 1]) {
      for (const vectorWeight of [0, 0.01, 0.1, 0.3, 0.6, 1]) {
        for (const vectorOnlyWeight of [0.5, 1]) {
          const r = await evaluateSet({ archive: ev.archive, embedder, items: tuning, mode: 'hybrid', ingestedPaths: ev.ingestedPaths, fusion: { vectorWeight, vectorOnlyWeight, translationWeight } });
          const rows = scoreByCategory(r.outcomes).filter((s) => s.half === 'tuning');
          const get = (c: string) => rows.find((s) => s.category === c);
          console.log(`| ${vectorWeight} | ${vectorOnlyWeight} | ${translationWeight} | ${pct(get('all')?.top1 ?? 0)} | ${pct(get('all')?.top5 ?? 0)} | ${pct(get('cross')?.top5 ?? 0)} | ${pct(get('paraphrase')?.top5 ?? 0)} |`);
        }
      }
    }
  }
  if (showMisses) {
    for (const [mode, outcomes] of results) {
      const misses = outcomes.filter((o) => o.rank === null || o.rank > 5).map((o) => `${o.id}${o.rank ? `(#${o.rank})` : ''}`);
      console.log(`\n${mode} misses top-5: ${misses.join(', ') || 'none'}`);
    }
  }
  if (legacy && existsSync(sampleCorpus)) {
    console.log('\nThe first 48 questions, by question -> source language:\n| mode | group | questions | top-1 | top-5 |\n|---|---|---|---|---|');
    for (const mode of modes) {
      const r = await evaluateSearch({ archive: ev.archive, embedder, questions: evalQuestions, root: sampleCorpus, mode, corpus: 'sample', ingestedPaths: ev.ingestedPaths });
      for (const s of r.scores) console.log(`| ${mode} | ${s.group} | ${s.questions} | ${pct(s.top1)} | ${pct(s.top5)} |`);
    }
    const topScore = async (question: string) => (await searchArchive(ev.archive, embedder, { query: question, corpus: 'sample', limit: 1 })).hits[0]?.why.bm25_score ?? 0;
    const answerable = await Promise.all(evalQuestions.map((q) => topScore(q.question)));
    const unanswerable = await Promise.all(unanswerableQuestions.map((q) => topScore(q.question)));
    console.log(`\nBM25 score of the first hit: answerable median ${median(answerable).toFixed(2)}, unanswerable median ${median(unanswerable).toFixed(2)} (max ${Math.max(...unanswerable).toFixed(2)})`);
  }
} finally {
  ev.close();
  await embedder?.dispose();
}

/** One row per category and half; columns: each mode's top-1 / top-5 (and files found for multi). */
function printTable(results: Map<string, ItemOutcome[]>): void {
  const scored = [...results].map(([mode, outcomes]) => ({ mode, rows: scoreByCategory(outcomes) }));
  const first = scored[0];
  if (!first) return;
  console.log(`\n| category | half | questions | ${scored.map((s) => `${s.mode} top-1 / top-5`).join(' | ')} | ${scored.map((s) => `${s.mode} files in top 10`).join(' | ')} |`);
  console.log(`|---|---|---|${scored.map(() => '---|').join('')}${scored.map(() => '---|').join('')}`);
  first.rows.forEach((row, i) => {
    const cells = scored.map((s) => `${pct(s.rows[i]?.top1 ?? 0)} / ${pct(s.rows[i]?.top5 ?? 0)}`);
    const files = scored.map((s) => pct(s.rows[i]?.files ?? 0));
    console.log(`| ${row.category} | ${row.half} | ${row.questions} | ${cells.join(' | ')} | ${files.join(' | ')} |`);
  });
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
