/**
 * `npm run bench:chunking`: how passage size and overlap change the archive and retrieval, measured on
 * ../shared/corpora/archive-sample (documents and transcripts; the recordings need a transcriber). For each
 * setting: passages, mean passage length (prose / transcript), and BM25 top-1 / top-5 on the hand-written question set
 * (test/eval/questions.ts). Prints a table; asserts nothing. `--quick` tries three sizes only.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../core/store/archive.ts';
import { defaultChunkOptions, resolveChunkOptions, type ChunkOptions } from '../ingest/chunk/chunk.ts';
import { ingest } from '../ingest/pipeline.ts';
import { evaluateSearch, overall } from '../test/eval/evaluate.ts';
import { evalQuestions } from '../test/eval/questions.ts';
import { sampleCorpus } from '../test/helpers/env.ts';
import { parseBenchFlags } from './flags.ts';

const flags = parseBenchFlags<{ quick: boolean }>(
  'bench:chunking',
  'How passage size and overlap change the archive and BM25 retrieval on the sample archive.',
  (cmd) => cmd.option('--quick', 'try three sizes only', false),
);
if (!existsSync(sampleCorpus)) {
  console.log(`bench:chunking needs the sample archive at ${sampleCorpus} (set DARKROOM_TEST_CORPUS).`);
  process.exit(0);
}
const inputs = ['letters', 'letters_fr', 'pdf', 'transcripts'].map((f) => path.join(sampleCorpus, f));
const sizes = flags.quick ? [400, 900, 1600] : [300, 500, 700, 900, 1200, 1600, 2400];
const settings: ChunkOptions[] = [
  ...sizes.map((targetChars) => resolveChunkOptions({ targetChars, overlapChars: 0 })),
  ...sizes.map((targetChars) => resolveChunkOptions({ targetChars })),
];

console.log(`Sample archive: ${sampleCorpus}; ${evalQuestions.length} questions; BM25 only. Default: target ${defaultChunkOptions.targetChars}, max ${defaultChunkOptions.maxChars}, overlap ${defaultChunkOptions.overlapChars}.\n`);
console.log('| target | max | overlap | passages | mean chars prose / transcript | top-1 | top-5 | ingest s |\n|---|---|---|---|---|---|---|---|');
for (const chunk of settings) {
  const home = mkdtempSync(path.join(tmpdir(), 'darkroom-chunking-'));
  const archive = await Archive.open({ home, followWrites: false });
  try {
    const summary = await ingest({ archive, corpus: 'sample', inputs, embedder: null, chunk });
    const ingestedPaths = new Set(summary.results.filter((r) => r.status === 'ingested').map((r) => path.resolve(r.path)));
    const report = await evaluateSearch({ archive, embedder: null, questions: evalQuestions, root: sampleCorpus, mode: 'lexical', corpus: 'sample', ingestedPaths });
    const rows = await (await archive.passages())!.query().select(['text', 'kind']).toArray();
    const mean = (list: typeof rows) => list.reduce((n, r) => n + String(r.text).length, 0) / Math.max(1, list.length);
    const prose = rows.filter((r) => r.kind !== 'transcript');
    const cues = rows.filter((r) => r.kind === 'transcript');
    const all = overall(report);
    console.log(`| ${chunk.targetChars} | ${chunk.maxChars} | ${chunk.overlapChars} | ${summary.passages} | ${mean(prose).toFixed(0)} / ${mean(cues).toFixed(0)} | ${pct(all.top1)} | ${pct(all.top5)} (${all.questions} q) | ${summary.seconds.toFixed(1)} |`);
  } finally {
    archive.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
