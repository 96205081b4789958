/**
 * `npm run bench:ingest`: what ingestion costs, on generated text and PDF corpora.
 * - Text and PDF, with the embedder (default: the GloVe test model): passages/s through the whole pipeline
 *   against the bare embedder's rate on the same passages in the same run, time per passage in each stage
 *   (extract, chunk, embed, write, index), extraction throughput (MB/s for text, pages/s for PDF).
 * - A large text corpus (`--large-gb`, default 0: skipped) ingested by the real CLI in a child process,
 *   full-text only: passages/s and peak memory (the child's max RSS), and the archive's size on disk.
 * Flags: --text-mb N (default 8), --pdf-pages N (default 120), --large-gb N, --model DIR, --keep.
 * Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { loadEmbedder, type Embedder } from '../core/models/embedder.ts';
import { Archive } from '../core/store/archive.ts';
import { embeddingText } from '../ingest/ingest-file.ts';
import { ingest, type IngestSummary } from '../ingest/pipeline.ts';
import { makeTextPdf } from '../test/helpers/document-fixtures.ts';
import { gloveModel, repoRoot } from '../test/helpers/env.ts';
import { parseBenchFlags, positiveNumber } from './flags.ts';

const flags = parseBenchFlags<{ textMb: number; pdfPages: number; largeGb: number; model: string; keep: boolean }>(
  'bench:ingest',
  'What ingestion costs on generated text and PDF corpora, against the bare embedder; optionally a large corpus through the real CLI.',
  (cmd) => cmd
    .option('--text-mb <n>', 'MB of generated text', positiveNumber(0), 8)
    .option('--pdf-pages <n>', 'pages of generated PDF', positiveNumber(0), 120)
    .option('--large-gb <n>', 'GB of text for the large-corpus run (0: skipped)', positiveNumber(0), 0)
    .option('--model <dir>', 'the embedder folder', gloveModel)
    .option('--keep', 'keep the temporary archives', false),
);
const { textMb, pdfPages, largeGb, keep } = flags;
const modelDir = flags.model;

const vocabulary = (
  'the of and to in a was he she that it for on with as his her they at by this had from not but be have were which all were one we you when their there been who would about said out them up more into time two then what some if so could only other new my than first over after way old down any day little years work made great where much back through people long before mother father letter school river farm winter summer house road town water horse snow flood fire church mill field cattle neighbour train station doctor teacher children war market garden barn morning evening night friend family store bridge valley mountain ranch wagon harvest wheat garden street city money paper news government law court'
).split(' ');

/** Deterministic prose: sentences of common words in paragraphs of 3-8 sentences. */
function* prose(seed: number): Generator<string> {
  let x = seed >>> 0 || 1;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 8);
  for (;;) {
    const sentences: string[] = [];
    const n = 3 + (next() % 6);
    for (let s = 0; s < n; s++) {
      const words = Array.from({ length: 8 + (next() % 14) }, () => vocabulary[next() % vocabulary.length]);
      const first = words[0] ?? 'the';
      words[0] = first.charAt(0).toUpperCase() + first.slice(1);
      sentences.push(words.join(' ') + '.');
    }
    yield sentences.join(' ');
  }
}

/** Writes `totalBytes` of prose into files of `fileBytes` under `dir`. */
async function writeTextCorpus(dir: string, totalBytes: number, fileBytes: number): Promise<{ files: number; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let files = 0;
  while (bytes < totalBytes) {
    const out = createWriteStream(path.join(dir, `doc_${String(files).padStart(5, '0')}.txt`));
    const gen = prose(files + 1);
    let size = 0;
    const target = Math.min(fileBytes, totalBytes - bytes);
    while (size < target) {
      const para = gen.next().value + '\n\n';
      size += Buffer.byteLength(para);
      if (!out.write(para)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    bytes += size;
    files++;
  }
  return { files, bytes };
}

/** Writes PDFs of 20 pages (about 45 lines of prose each) totalling `pages` pages. */
function writePdfCorpus(dir: string, pages: number): number {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (let f = 0; written < pages; f++) {
    const gen = prose(1000 + f);
    const n = Math.min(20, pages - written);
    const content = Array.from({ length: n }, () => {
      const lines: string[] = [];
      while (lines.length < 45) {
        const words = String(gen.next().value).split(' ');
        for (let i = 0; i < words.length; i += 12) lines.push(words.slice(i, i + 12).join(' '));
      }
      return lines.slice(0, 45);
    });
    makeTextPdf(path.join(dir, `report_${String(f).padStart(4, '0')}.pdf`), content);
    written += n;
  }
  return written;
}

function duSync(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? duSync(p) : statSync(p).size;
  }
  return total;
}

/** The bare embedder's rate on the passages an archive holds: only the embed calls are timed. */
async function bareEmbedderRate(archive: Archive, embedder: Embedder): Promise<{ passages: number; seconds: number }> {
  let passages = 0;
  let seconds = 0;
  for await (const rows of archive.scanPassageTexts({ batch: 512 })) {
    const texts = rows.map(embeddingText);
    const t = performance.now();
    await embedder.embed(texts);
    seconds += (performance.now() - t) / 1000;
    passages += rows.length;
  }
  return { passages, seconds };
}

/**
 * Ingests `dir` with the embedder, timing the bare embedder on the same passages once before and once after
 * (the passages come from a full-text ingest of the same files), so that a busy machine weighs on both alike.
 */
async function measure(dir: string, home: string, embedder: Embedder | null): Promise<{ summary: IngestSummary; bare: { passages: number; seconds: number; runs: number[] } | null }> {
  let before: { passages: number; seconds: number } | null = null;
  if (embedder) {
    const plain = await Archive.open({ home: home + '-plain', followWrites: false });
    await ingest({ archive: plain, corpus: 'bench', inputs: [dir], embedder: null });
    before = await bareEmbedderRate(plain, embedder);
    plain.close();
  }
  const archive = await Archive.open({ home, followWrites: false });
  const summary = await ingest({ archive, corpus: 'bench', inputs: [dir], embedder });
  const after = embedder ? await bareEmbedderRate(archive, embedder) : null;
  archive.close();
  if (!before || !after) return { summary, bare: null };
  return {
    summary,
    bare: { passages: before.passages + after.passages, seconds: before.seconds + after.seconds, runs: [before.passages / before.seconds, after.passages / after.seconds] },
  };
}

function report(label: string, s: IngestSummary, extra: string, bare: { passages: number; seconds: number; runs: number[] } | null): void {
  const per = (x: number) => ((1000 * x) / Math.max(1, s.passages)).toFixed(3);
  const rate = s.passages / s.seconds;
  console.log(`\n## ${label}`);
  console.log(`files ${s.files}, passages ${s.passages}, ${s.seconds.toFixed(2)} s: ${rate.toFixed(0)} passages/s through the pipeline; ${extra}`);
  console.log(`ms per passage: extract ${per(s.stages.extract_s)}, chunk ${per(s.stages.chunk_s)}, embed ${per(s.stages.embed_s)}, write ${per(s.stages.write_s)}, index ${per(s.stages.index_s)}`);
  const overhead = (1000 * (s.stages.chunk_s + s.stages.write_s + s.stages.index_s)) / Math.max(1, s.passages);
  console.log(`chunk + write + index: ${overhead.toFixed(3)} ms per passage (target <= 1 ms)`);
  if (bare) {
    const bareRate = bare.passages / bare.seconds;
    console.log(`bare embedder on the same ${bare.passages} passages (once before and once after the pipeline run, summed): ${bareRate.toFixed(0)} passages/s (${((1000 * bare.seconds) / bare.passages).toFixed(3)} ms each; runs: ${bare.runs.map((r) => r.toFixed(0)).join(' and ')} passages/s); pipeline keeps ${((100 * rate) / bareRate).toFixed(0)}% of it`);
    for (const ms of [5, 10]) console.log(`  with a ${ms} ms/passage embedder, this overhead would keep ${((100 * ms) / (ms + overhead + (1000 * s.stages.extract_s) / s.passages)).toFixed(0)}% of its rate`);
  }
}

const root = mkdtempSync(path.join(tmpdir(), 'darkroom-bench-ingest-'));
const embedder = existsSync(modelDir) ? await loadEmbedder(modelDir) : null;
console.log(`# bench:ingest (${new Date().toISOString()}, node ${process.version}, ${embedder ? `embedder ${embedder.stamp.name} ${embedder.stamp.dim}-d` : `no embedder at ${modelDir}: full-text only`})`);
try {
  const textDir = path.join(root, 'text');
  const text = await writeTextCorpus(textDir, textMb * 1024 * 1024, 256 * 1024);
  {
    const { summary: s, bare } = await measure(textDir, path.join(root, 'home-text'), embedder);
    report(`Text: ${text.files} files, ${(text.bytes / 1048576).toFixed(1)} MB`, s, `extraction ${(text.bytes / 1048576 / s.stages.extract_s).toFixed(1)} MB/s`, bare);
  }
  const pdfDir = path.join(root, 'pdf');
  const pages = writePdfCorpus(pdfDir, pdfPages);
  {
    const { summary: s, bare } = await measure(pdfDir, path.join(root, 'home-pdf'), embedder);
    report(`PDF: ${s.files} files, ${pages} pages`, s, `extraction ${(pages / s.stages.extract_s).toFixed(1)} pages/s`, bare);
  }
  if (largeGb > 0) {
    const bigDir = path.join(root, 'large');
    const t = performance.now();
    const big = await writeTextCorpus(bigDir, largeGb * 1024 ** 3, 8 * 1024 * 1024);
    console.log(`\n## Large text corpus: ${big.files} files, ${(big.bytes / 1024 ** 3).toFixed(2)} GB (generated in ${((performance.now() - t) / 1000).toFixed(0)} s), CLI in a child process, full-text only`);
    const home = path.join(root, 'home-large');
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, 'ingest', bigDir, '--corpus', 'large', '--json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, DARKROOM_EMBED_MODEL: '' },
    });
    if (run.status !== 0) console.log(`exit ${run.status}: ${run.stderr.slice(-2000)}`);
    const s = JSON.parse(run.stdout) as IngestSummary;
    report('Large corpus', s, `extraction ${(big.bytes / 1048576 / s.stages.extract_s).toFixed(1)} MB/s; peak memory (child max RSS) ${s.peak_rss_mb} MB; archive on disk ${(duSync(home) / 1048576).toFixed(0)} MB`, null);
  }
} finally {
  await embedder?.dispose();
  if (keep) console.log(`\nkept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
