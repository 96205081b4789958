/**
 * `npm run bench:search`: latency of Darkroom's searchArchive and of a bare LanceDB query on the same table,
 * for full-text, vector and hybrid queries, at several sizes of synthetic passages (384-d vectors clustered
 * in 512 topics x 16 sub-topics plus noise, generated text); recall@10 of the vector index against exact search; index build times; peak memory.
 * Prints figures, asserts nothing.
 *
 *   npm run bench:search -- --sizes 10k,100k      (default)
 *   npm run bench:search -- --sizes 1m --queries 100
 *   npm run bench:search -- --sizes 100k --index ivf-flat   (compare vector index kinds)
 *
 * The query "embedder" returns each query's precomputed vector (a fixture: model inference time is not
 * what this measures; see bench:ingest for embedder throughput).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Embedder } from '../core/models/embedder.ts';
import { searchArchive, tuneVectorQuery, type SearchMode } from '../core/search/search.ts';
import { Archive, VECTOR_INDEX_MIN_ROWS, type EmbedderStamp } from '../core/store/archive.ts';
import { parseBenchFlags, positiveNumber } from './flags.ts';

const flags = parseBenchFlags<{ sizes: string; queries: number; dim: number; index: string }>(
  'bench:search',
  'Latency of searchArchive against a bare LanceDB query on the same table, at several sizes of synthetic passages.',
  (cmd) => cmd
    .option('--sizes <list>', 'comma-separated table sizes (10k, 100k, 1m)', '10k,100k')
    .option('--queries <n>', 'queries per mode and size', positiveNumber(), 100)
    .option('--dim <n>', 'vector dimensions', positiveNumber(), 384)
    .option('--index <kind>', "build this vector index instead of the archive's own choice: hnsw-sq, ivf-pq or ivf-flat", ''),
);
const sizes = flags.sizes
  .split(',')
  .map((s) => Math.round(parseFloat(s) * (/m$/i.test(s) ? 1e6 : /k$/i.test(s) ? 1e3 : 1)));
if (sizes.some((n) => !Number.isFinite(n) || n <= 0)) {
  console.error(`--sizes ${flags.sizes}: expected sizes like 10k,100k,1m.`);
  process.exit(1);
}
const queryCount = flags.queries;
const dim = flags.dim;
/** Which vector index to build instead of the archive's own choice (to compare): hnsw-sq, ivf-pq, ivf-flat. */
const indexChoice = flags.index;
const TOPICS = 512;
const WRITE_BATCH = 20_000;

/** Deterministic PRNG (mulberry32) so every run builds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'dri', 'el', 'sun', 'par', 'ni', 'qua', 'bel', 'tor', 'ham', 'wy', 'ost', 'fer', 'gla', 'chu'];
const vocabulary = Array.from({ length: 6000 }, (_, i) => {
  let w = '';
  let n = i + 7;
  do {
    w += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  } while (n > 0);
  return w;
});
/** Zipf-like pick: common words far more often than rare ones. */
const commonWord = () => vocabulary[Math.floor(vocabulary.length * Math.pow(rand(), 3))]!;
const topicWords = Array.from({ length: TOPICS }, (_, t) => Array.from({ length: 24 }, (_, j) => vocabulary[(t * 11 + j * 97) % vocabulary.length]!));
/** A random direction of length `length` (components scaled so the norm does not grow with the dimension). */
const direction = (length: number) => {
  const v = normalise(Float32Array.from({ length: dim }, gauss));
  for (let i = 0; i < dim; i++) v[i]! *= length;
  return v;
};
const SUBTOPICS = 16;
const centroids = Array.from({ length: TOPICS }, () => direction(1));
/** Each topic has sub-topics, so that nearest neighbours are a meaningful, findable set (as with real embeddings). */
const subCentroids = Array.from({ length: TOPICS * SUBTOPICS }, () => direction(0.5));

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** Topic centroid + sub-topic offset + noise of norm `noise`, normalised. */
function vectorNear(topic: number, noise: number): Float32Array {
  const c = centroids[topic]!;
  const sub = subCentroids[topic * SUBTOPICS + Math.floor(rand() * SUBTOPICS)]!;
  const n = direction(noise);
  return normalise(Float32Array.from({ length: dim }, (_, i) => c[i]! + sub[i]! + n[i]!));
}

function passageText(topic: number): string {
  const words = topicWords[topic]!;
  return Array.from({ length: 90 }, () => (rand() < 0.25 ? words[Math.floor(rand() * words.length)]! : commonWord())).join(' ');
}

function makeRows(start: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const topic = Math.floor(rand() * TOPICS);
    const text = passageText(topic);
    const french = i % 10 === 0;
    return {
      id: `bench:${i}`, corpus: 'bench', source_id: `s${Math.floor(i / 50)}`, source_path: `/bench/source-${Math.floor(i / 50)}.txt`, source_hash: 'bench',
      kind: 'document', title: `Source ${Math.floor(i / 50)}`, ordinal: i % 50, page: null, char_start: 0, char_end: text.length, start_s: null, end_s: null,
      speaker: null, language: french ? 'fr' : 'en', heading: null, text, fts_en: french ? '' : text, fts_fr: french ? text : '',
      vector: Array.from(vectorNear(topic, 0.35)),
    };
  });
}

interface Query {
  text: string;
  vector: Float32Array;
}

function makeQueries(n: number): Query[] {
  return Array.from({ length: n }, () => {
    const topic = Math.floor(rand() * TOPICS);
    const words = topicWords[topic]!;
    const text = [words[Math.floor(rand() * words.length)], words[Math.floor(rand() * words.length)], commonWord()].join(' ');
    return { text, vector: vectorNear(topic, 0.35) };
  });
}

async function buildVectorIndex(table: lancedb.Table, kind: string): Promise<void> {
  const config =
    kind === 'hnsw-sq'
      ? lancedb.Index.hnswSq({ distanceType: 'cosine' })
      : kind === 'ivf-pq'
        ? lancedb.Index.ivfPq({ distanceType: 'cosine' })
        : kind === 'ivf-flat'
          ? lancedb.Index.ivfFlat({ distanceType: 'cosine' })
          : null;
  if (!config) throw new Error(`--index ${kind}: use hnsw-sq, ivf-pq or ivf-flat`);
  await table.createIndex('vector', { config });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timeAll(queries: Query[], run: (q: Query) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (const q of queries.slice(0, 5)) await run(q);
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (ms: number) => ms.toFixed(1).padStart(7);
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

console.log(`bench:search  dim ${dim}, ${TOPICS} topics, ${queryCount} queries per measurement, vector index from ${VECTOR_INDEX_MIN_ROWS} rows`);
for (const size of sizes) {
  const home = mkdtempSync(path.join(tmpdir(), 'darkroom-bench-search-'));
  const archive = await Archive.open({ home, followWrites: false });
  try {
    const stamp: EmbedderStamp = { name: 'bench-synthetic', sha256: 'bench'.padEnd(64, '0'), dim };
    archive.setEmbedder(stamp);
    const writable = await archive.ensurePassages(dim);
    let t = performance.now();
    for (let start = 0; start < size; start += WRITE_BATCH) {
      await writable.add(makeRows(start, Math.min(WRITE_BATCH, size - start)));
      process.stderr.write(`\r  writing ${Math.min(size, start + WRITE_BATCH)} / ${size}`);
    }
    process.stderr.write('\n  building indexes…\n');
    const writeS = (performance.now() - t) / 1000;
    t = performance.now();
    if (indexChoice) await buildVectorIndex(writable, indexChoice);
    await archive.ensureIndexes();
    const indexS = (performance.now() - t) / 1000;
    // A fresh handle: the one that wrote does not see the indexes built since.
    const table = await archive.passages();
    if (!table) throw new Error('the bench table vanished');
    const indexed = (await table.listIndices()).some((i) => i.columns.includes('vector'));

    const queries = makeQueries(queryCount);
    const byText = new Map(queries.map((q) => [q.text, q.vector]));
    const embedder: Embedder = {
      stamp,
      embed: async (texts) => texts.map((x) => byText.get(x) ?? new Float32Array(dim)),
      dispose: async () => {},
    };
    const reranker = await lancedb.rerankers.RRFReranker.create(60);
    const ours = (mode: SearchMode) => (q: Query) => searchArchive(archive, mode === 'lexical' ? null : embedder, { query: q.text, limit: 10, mode });
    const bare = {
      lexical: (q: Query) => table.search(q.text, 'fts', 'fts_en').limit(10).toArray(),
      semantic: (q: Query) => tuneVectorQuery(table.vectorSearch(Array.from(q.vector)).distanceType('cosine')).limit(10).toArray(),
      hybrid: (q: Query) =>
        tuneVectorQuery(table.query().nearestTo(Array.from(q.vector)).distanceType('cosine')).fullTextSearch(q.text, { columns: ['fts_en'] }).rerank(reranker).limit(10).toArray(),
    };

    console.log(`\n## ${size.toLocaleString('en')} passages: write ${writeS.toFixed(1)} s, indexes ${indexS.toFixed(1)} s (vector index: ${indexed ? 'yes' : 'no, exact search'})`);
    console.log('| query | darkroom p50 ms | p95 ms | bare LanceDB p50 ms | p95 ms | overhead p50 |');
    console.log('|---|---|---|---|---|---|');
    for (const mode of ['lexical', 'semantic', 'hybrid'] as const) {
      process.stderr.write(`  timing ${mode}…\n`);
      const a = await timeAll(queries, ours(mode));
      const b = await timeAll(queries, bare[mode]);
      const label = { lexical: 'full-text', semantic: 'vector', hybrid: 'hybrid' }[mode];
      console.log(`| ${label} | ${fmt(a.p50)} | ${fmt(a.p95)} | ${fmt(b.p50)} | ${fmt(b.p95)} | ${(a.p50 / b.p50).toFixed(2)}x |`);
    }

    let hits = 0;
    const recallQueries = queries.slice(0, Math.min(50, queries.length));
    for (const q of recallQueries) {
      const approx = await tuneVectorQuery(table.vectorSearch(Array.from(q.vector)).distanceType('cosine')).limit(10).toArray();
      const exact = await table.vectorSearch(Array.from(q.vector)).distanceType('cosine').bypassVectorIndex().limit(10).toArray();
      const truth = new Set(exact.map((r) => String(r.id)));
      hits += approx.filter((r) => truth.has(String(r.id))).length;
    }
    console.log(`recall@10 of the vector search vs exact: ${(hits / (recallQueries.length * 10)).toFixed(3)}; peak RSS so far ${peakMb()} MB`);
  } finally {
    archive.close();
    rmSync(home, { recursive: true, force: true });
  }
}
