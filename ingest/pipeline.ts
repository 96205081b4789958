/**
 * The ingestion pipeline: discover -> hash -> (skip unchanged) -> extract -> chunk -> embed -> write.
 * One bad file never stops a run: its failure is recorded on its source row and in the summary.
 * Writes are batched (one atomic commit per batch), then indexes are updated and old versions cleaned.
 * The heavy work (read, transcribe, OCR, embed) runs as jobs (core/jobs): in this process by default, or on
 * `darkroom worker` processes through Redis; this process stays the one writer either way.
 */
import path from 'node:path';
import { DarkroomError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import type { Embedder } from '../core/models/embedder.ts';
import type { Archive, StoredPassage } from '../core/store/archive.ts';
import { sqlString } from '../core/store/schema.ts';
import { syncCorpusText } from '../core/store/corpus-text.ts';
import { repairDuplicates } from '../core/store/repair-duplicates.ts';
import { withWriterLock, type WriterLockOptions } from '../core/store/writer-lock.ts';
import type { SourceRecord } from '../core/types.ts';
import { defaultChunkOptions, type ChunkOptions } from './chunk/chunk.ts';
import { createOcrEngine } from './extract/ocr.ts';
import { extractorFor } from './extract/registry.ts';
import { applyVectors, failedSource, prepareFile, withIdentity, type ExtractResult, type ExtractTask, type StageTimes, type VectorGap } from './ingest-file.ts';
import { embedJob, extractJob, fileJobHandlers, type EmbedJobResult } from './jobs/file-jobs.ts';
import { createInProcessJobs } from '../core/jobs/in-process.ts';
import type { JobHandlers, JobOutcome, JobRunner, JobRunnerOptions } from '../core/jobs/types.ts';
import { sourceIdFor } from './passages.ts';
import { discoverFiles } from './sources/discover.ts';
import { isSidecarOf } from './transcribe/sidecar.ts';

const log = createLogger('ingest');

export interface IngestOptions {
  archive: Archive;
  corpus: string;
  inputs: string[];
  embedder: Embedder | null;
  /** Remove sources under the inputs whose files are gone. */
  prune?: boolean;
  /** Ids of sources whose consent was withdrawn (`darkroom withdraw`): never ingested again, even when found. */
  withdrawn?: ReadonlySet<string>;
  /** Re-extract even unchanged files. */
  force?: boolean;
  chunk?: ChunkOptions;
  /** Passages per atomic write. */
  batchPassages?: number;
  signal?: AbortSignal;
  onEvent?: (event: IngestEvent) => void;
  /** How to take the archive's writer lock (wait or fail at once, callbacks); the purpose is `ingest`. */
  lock?: Omit<WriterLockOptions, 'purpose'>;
  /**
   * Where the heavy work runs: unset, in this process, one file at a time (the default); else a factory of
   * another runner (BullMQ on Redis: `darkroom worker` processes do the work), given this process's handlers.
   */
  jobs?: ((local: JobHandlers, options: JobRunnerOptions) => Promise<JobRunner>) | undefined;
  /** DARKROOM_TRANSCRIPT_SOURCE: whether a rush with a sidecar transcript is read (cheap) or transcribed. */
  transcriptSource?: 'sidecar' | 'transcribe' | undefined;
}

export type IngestEvent =
  | { type: 'run-start'; files: number }
  | { type: 'file-start'; path: string; index: number }
  | { type: 'file-done'; path: string; status: 'ingested' | 'awaiting' | 'skipped' | 'failed'; passages: number; error?: string; seconds: number }
  | { type: 'file-progress'; path: string; fraction: number; note?: string | undefined }
  | { type: 'batch-written'; sources: number; passages: number };

export interface FileResult {
  path: string;
  /** `awaiting`: a rush kept without a transcript (awaiting_transcript); `error` then says what went wrong, if anything did. */
  status: 'ingested' | 'awaiting' | 'skipped' | 'failed' | 'removed';
  passages: number;
  /** Passages of this file stored without a vector (found by full text only), and why. */
  without_vector?: { passages: number; reason: string };
  error?: string;
  code?: string;
  seconds: number;
}

export interface IngestSummary {
  corpus: string;
  files: number;
  ingested: number;
  skipped: number;
  failed: number;
  /** Rushes kept without a transcript (no sidecar, no transcriber, or the transcriber failed): `darkroom transcribe` gives them words. */
  awaiting: number;
  removed: number;
  passages: number;
  /** Passages written by this run without a vector (the embedding failed or was NaN): found by full text only. */
  passages_without_vector: number;
  semantic: boolean;
  embedder: { name: string; sha256: string } | null;
  seconds: number;
  stages: StageTimes;
  peak_rss_mb: number;
  /** What the run repaired before starting: rows left by an older version's concurrent or interrupted runs. */
  repaired: { duplicate_source_rows: number; duplicate_passage_rows: number; orphan_passages: number; sources_to_reingest: number };
  /** Files found in the folders but not read because no reader takes their type, counted by extension (".csv": 2). */
  unsupported: Record<string, number>;
  /** Those files. */
  unsupported_files: string[];
  results: FileResult[];
}

/** Files counted by lowercase extension ("(none)" for a name without one), commonest first. */
export function countByExtension(files: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) {
    const ext = path.extname(f).toLowerCase() || '(none)';
    counts.set(ext, (counts.get(ext) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Validates a corpus name: it appears in URLs, file names and filters. */
export function assertCorpusName(corpus: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(corpus)) {
    throw new DarkroomError('INPUT_INVALID', `Corpus name "${corpus}" is not allowed. Use 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit.`);
  }
}

/** The first 12 hex digits of a model's sha256, as messages show it. */
const shortSha = (sha256: string) => `sha256 ${sha256.slice(0, 12)}…`;

/**
 * Checks the configured embedder against the archive's vectors before any work (nothing is read from the inputs
 * or written when it throws). An archive without passages takes any model (or none): its vector column is made
 * to fit. Otherwise the model must be the one that made the vectors; the error names both models and the fixes:
 * the model that made the vectors, `darkroom reembed` of the corpus (when no other corpus holds vectors of
 * another model) or of the whole archive, or no model at all.
 * @throws DarkroomError MODEL_MISMATCH
 */
export async function checkEmbedder(archive: Archive, embedder: Embedder | null, corpus: string): Promise<void> {
  const table = await archive.passages();
  if (!table) return;
  const hasVectors = (await table.schema()).fields.some((f) => f.name === 'vector');
  const stamp = archive.embedder;
  const total = await archive.countPassages();
  if (total === 0) {
    if (hasVectors !== (embedder !== null) || (embedder && stamp && stamp.sha256 !== embedder.stamp.sha256)) {
      await archive.resetVectors(embedder ? embedder.stamp.dim : null);
      archive.setEmbedder(null);
    }
    return;
  }
  const inCorpus = await archive.countPassages(corpus);
  const ownVectorsOnly = hasVectors ? (await archive.readLatest(() => table.countRows(`corpus != ${sqlString(corpus)} AND vector IS NOT NULL`))) === 0 : true;
  const reembedCorpus = inCorpus > 0 && ownVectorsOnly ? `\`darkroom reembed --corpus ${corpus}\` (this corpus only) or ` : '';
  if (!embedder && hasVectors) {
    throw new DarkroomError(
      'MODEL_MISMATCH',
      `This archive's vectors come from ${stamp ? `${stamp.name} (${shortSha(stamp.sha256)})` : 'an embedding model whose re-embedding did not finish'}, but no embedding model is configured, so nothing was ingested. Set DARKROOM_EMBED_MODEL (or --embed-model) to ${stamp ? `the ${stamp.name} model folder` : 'a model folder and run `darkroom reembed`'}, or run \`darkroom reembed --none\` to drop every vector (full-text search only).`,
    );
  }
  if (!embedder) return;
  const model = `${embedder.stamp.name} (${shortSha(embedder.stamp.sha256)})`;
  if (!hasVectors) {
    throw new DarkroomError(
      'MODEL_MISMATCH',
      `This archive's ${total} passages have no vectors (it was built without an embedding model), but DARKROOM_EMBED_MODEL is ${model}, so nothing was ingested. Give them vectors first with ${inCorpus > 0 ? `\`darkroom reembed --corpus ${corpus}\` (this corpus now, the others stay full-text only until you re-embed them) or ` : ''}\`darkroom reembed\` (every corpus), then ingest again; or unset DARKROOM_EMBED_MODEL to ingest full-text only.`,
    );
  }
  if (!stamp) {
    throw new DarkroomError('MODEL_MISMATCH', `This archive's last re-embedding did not finish, so nothing was ingested. Run \`darkroom reembed\` with DARKROOM_EMBED_MODEL ${model}, then ingest again.`);
  }
  if (stamp.sha256 !== embedder.stamp.sha256) {
    throw new DarkroomError(
      'MODEL_MISMATCH',
      `This archive's vectors come from ${stamp.name} (${shortSha(stamp.sha256)}), but DARKROOM_EMBED_MODEL is ${model}, so nothing was ingested. Set DARKROOM_EMBED_MODEL back to the ${stamp.name} model folder, or re-embed with ${embedder.stamp.name}: ${reembedCorpus}\`darkroom reembed\` (the whole archive), then ingest again.`,
    );
  }
}

/** Ingests the inputs into a corpus, holding the archive's writer lock (one writer at a time, see core/store/writer-lock.ts). */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  assertCorpusName(options.corpus);
  return withWriterLock(options.archive.home, { ...options.lock, purpose: 'ingest' }, () => runIngest(options));
}

async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const { archive, corpus, embedder } = options;
  const started = performance.now();
  const stages: StageTimes = { extract_s: 0, chunk_s: 0, embed_s: 0, write_s: 0, index_s: 0 };
  const chunkOptions = options.chunk ?? defaultChunkOptions;
  const batchLimit = options.batchPassages ?? 512;

  await checkEmbedder(archive, embedder, corpus);
  const duplicates = await repairDuplicates(archive);
  if (duplicates.source_rows + duplicates.passage_rows > 0) log.info('repaired duplicate rows left by two writers at once (an older version)', { ...duplicates });
  const orphans = await archive.removeOrphanPassages();
  if (orphans > 0) log.info('removed passages left by an interrupted run', { passages: orphans });
  const resynced = await syncCorpusText(archive);
  if (resynced > 0) log.info("rewrote the per-corpus full-text rows of sources that differed from their passages (an interrupted run, or an archive from before per-corpus ranking)", { sources: resynced });
  const repaired = { duplicate_source_rows: duplicates.source_rows, duplicate_passage_rows: duplicates.passage_rows, orphan_passages: orphans, sources_to_reingest: duplicates.sources_to_reingest };
  if (embedder && !archive.embedder) archive.setEmbedder(embedder.stamp);
  const dim = embedder ? embedder.stamp.dim : null;

  const existing = new Map((await archive.listSources({ corpus })).map((s) => [s.id, s]));
  const results: FileResult[] = [];
  const seen = new Set<string>();
  let batch: Array<{ source: SourceRecord; passages: StoredPassage[]; fresh: boolean; keys: string[] }> = [];
  let batchCount = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const t = performance.now();
    const written = batch;
    await archive.writeBatch(written, dim);
    stages.write_s += (performance.now() - t) / 1000;
    options.onEvent?.({ type: 'batch-written', sources: written.length, passages: batchCount });
    batch = [];
    batchCount = 0;
    await jobs?.release(written.flatMap((b) => b.keys));
  };

  /** A file whose work is queued or running: by the key of its current job. */
  interface Pending {
    file: string;
    t0: number;
    task: ExtractTask;
    prior: SourceRecord | undefined;
    keys: string[];
    extracted?: ExtractResult;
  }
  const inflight = new Map<string, Pending>();

  const fileFailed = async (p: Pick<Pending, 'file' | 't0' | 'prior'> & { id: string }, source: SourceRecord, error: DarkroomError) => {
    if (error.code === 'STORE_FAILED' || (error.code === 'MODEL_MISMATCH' && jobs?.kind !== 'redis')) throw error;
    const seconds = (performance.now() - p.t0) / 1000;
    log.debug('file failed', { file: p.file, code: error.code, err: error });
    await flush();
    await archive.upsertSources([source]);
    results.push({ path: p.file, status: 'failed', passages: p.prior?.passages ?? 0, error: error.message, code: error.code, seconds });
    options.onEvent?.({ type: 'file-done', path: p.file, status: 'failed', passages: 0, error: error.message, seconds });
  };

  const commit = async (p: Pending, extracted: ExtractResult, withoutVector: VectorGap | null) => {
    const seconds = (performance.now() - p.t0) / 1000;
    batch.push({ source: extracted.source, passages: extracted.passages, fresh: p.prior === undefined, keys: p.keys });
    batchCount += extracted.passages.length;
    const status = extracted.awaiting ? 'awaiting' : 'ingested';
    const error = extracted.awaiting?.error ? { error: extracted.awaiting.error.message, code: extracted.awaiting.error.code } : {};
    results.push({ path: p.file, status, passages: extracted.passages.length, ...(withoutVector ? { without_vector: withoutVector } : {}), ...error, seconds });
    if (withoutVector) log.info('passages stored without a vector', { file: p.file, ...withoutVector });
    if (extracted.awaiting) log.info('rush kept awaiting a transcript', { file: p.file, reason: extracted.awaiting.reason });
    options.onEvent?.({ type: 'file-done', path: p.file, status, passages: extracted.passages.length, ...(extracted.awaiting?.error ? { error: extracted.awaiting.error.message } : {}), seconds });
    if (batchCount >= batchLimit) await flush();
  };

  /** Takes a finished job: an extraction goes on to its embedding (or is committed), an embedding is committed. */
  const take = async (outcome: JobOutcome) => {
    const p = inflight.get(outcome.key);
    if (!p) return;
    inflight.delete(outcome.key);
    p.keys.push(outcome.key);
    if (outcome.stage !== 'embed') {
      if (!outcome.ok) {
        await fileFailed({ ...p, id: p.task.id }, failedSource(p.file, { id: p.task.id, corpus, prior: p.prior }, { hash: p.task.hash, bytes: p.task.bytes, message: outcome.error.message }), outcome.error);
        return;
      }
      const extracted = outcome.result as ExtractResult;
      stages.extract_s += extracted.extract_s;
      stages.chunk_s += extracted.chunk_s;
      // The identity (real path, inode, mtime) is the coordinator's view of the file: what /media checks here.
      extracted.source.details_json = withIdentity(extracted.source.details_json, p.task.identity);
      if (!embedder) return commit(p, extracted, null);
      p.extracted = extracted;
      const spec = embedJob(extracted, embedder.stamp.sha256);
      inflight.set(spec.key, p);
      await runner.submit(spec);
      return;
    }
    const extracted = p.extracted!;
    let vectors: number[][] | Error;
    if (outcome.ok) {
      const r = outcome.result as EmbedJobResult;
      stages.embed_s += r.embed_s;
      vectors = r.embedder_sha256 === embedder?.stamp.sha256 ? r.vectors : new Error(`the vectors came from another model (sha256 ${r.embedder_sha256.slice(0, 12)}…)`);
    } else {
      if (outcome.error.code === 'STORE_FAILED') throw outcome.error;
      vectors = new Error(outcome.error.message);
    }
    await commit(p, extracted, applyVectors(extracted.passages, vectors, dim ?? 0));
  };

  const ocr = createOcrEngine();
  const unsupported: string[] = [];
  const handlers = fileJobHandlers({ ocr, embedder });
  const runnerOptions = {
    signal: options.signal,
    onProgress: (job: { label: string }, fraction: number, note?: string) => options.onEvent?.({ type: 'file-progress', path: job.label, fraction, note }),
  };
  const jobs = options.jobs ? await options.jobs(handlers, runnerOptions) : null;
  const runner = jobs ?? createInProcessJobs(handlers, runnerOptions);
  const refreshed: SourceRecord[] = [];
  try {
    const readsMedia = extractorFor('probe.mp4') !== undefined;
    const accept = (f: string) => {
      if (extractorFor(f) !== undefined) return !(readsMedia && isSidecarOf(f));
      unsupported.push(f);
      return false;
    };
    const files: string[] = [];
    for await (const file of discoverFiles(options.inputs, { accept })) files.push(file);
    options.onEvent?.({ type: 'run-start', files: files.length });
    for (const [index, file] of files.entries()) {
      if (options.signal?.aborted) break;
      const id = sourceIdFor(corpus, file);
      seen.add(id);
      if (options.withdrawn?.has(id)) {
        log.warn('not ingested: consent for this source was withdrawn (`darkroom withdraw`); it stays out of the archive', { file });
        results.push({ path: file, status: 'skipped', passages: 0, seconds: 0 });
        options.onEvent?.({ type: 'file-done', path: file, status: 'skipped', passages: 0, seconds: 0 });
        continue;
      }
      options.onEvent?.({ type: 'file-start', path: file, index });
      const t0 = performance.now();
      const prior = existing.get(id);
      const prepared = await prepareFile(file, { id, corpus, prior, chunk: chunkOptions, force: options.force ?? false });
      if (prepared.status === 'skipped') {
        const seconds = (performance.now() - t0) / 1000;
        if (prepared.source) refreshed.push(prepared.source);
        results.push({ path: file, status: 'skipped', passages: prepared.passages, seconds });
        options.onEvent?.({ type: 'file-done', path: file, status: 'skipped', passages: prepared.passages, seconds });
      } else if (prepared.status === 'failed') {
        await fileFailed({ file, t0, prior, id }, prepared.source, prepared.error);
      } else {
        const spec = extractJob(prepared.task, options.transcriptSource);
        inflight.set(spec.key, { file, t0, task: prepared.task, prior, keys: [] });
        await runner.submit(spec);
      }
      while (inflight.size >= runner.window && !options.signal?.aborted) await take(await runner.next());
    }
    while (inflight.size > 0 && !options.signal?.aborted) await take(await runner.next());
    await flush();
    // Unchanged files whose recorded identity (real path, inode, mtime) was missing or stale: one write.
    await archive.upsertSources(refreshed);
  } finally {
    await runner.close();
    await ocr.dispose();
  }

  let removed = 0;
  if (options.prune && !options.signal?.aborted) {
    const absRoots = options.inputs.map((p) => path.resolve(p));
    const gone = [...existing.values()].filter((s) => !seen.has(s.id) && absRoots.some((r) => s.path === r || s.path.startsWith(r + path.sep)));
    await archive.removeSources(gone.map((s) => s.id));
    removed = gone.length;
    for (const s of gone) results.push({ path: s.path, status: 'removed', passages: 0, seconds: 0 });
  }

  const t = performance.now();
  await archive.ensureIndexes();
  await archive.compact();
  stages.index_s = (performance.now() - t) / 1000;

  const count = (status: FileResult['status']) => results.filter((r) => r.status === status).length;
  return {
    corpus,
    files: results.filter((r) => r.status !== 'removed').length,
    ingested: count('ingested'),
    skipped: count('skipped'),
    failed: count('failed'),
    awaiting: count('awaiting'),
    removed,
    passages: await archive.countPassages(corpus),
    passages_without_vector: results.reduce((n, r) => n + (r.without_vector?.passages ?? 0), 0),
    semantic: embedder !== null,
    embedder: embedder ? { name: embedder.stamp.name, sha256: embedder.stamp.sha256 } : null,
    seconds: (performance.now() - started) / 1000,
    stages,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    repaired,
    unsupported: countByExtension(unsupported),
    unsupported_files: unsupported,
    results,
  };
}
