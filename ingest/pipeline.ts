/**
 * The ingestion pipeline: discover -> hash -> (skip unchanged) -> extract -> chunk -> embed -> write.
 * One bad file never stops a run: its failure is recorded on its source row and in the summary.
 * Writes are batched (one atomic commit per batch), then indexes are updated and old versions cleaned.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError, toDarkroomError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import type { Embedder } from '../core/models/embedder.ts';
import type { Archive, StoredPassage } from '../core/store/archive.ts';
import type { SourceRecord } from '../core/types.ts';
import { chunkExtracted, defaultChunkOptions, type ChunkOptions } from './chunk/chunk.ts';
import { createOcrEngine } from './extract/ocr.ts';
import { extractorFor } from './extract/registry.ts';
import type { Extracted } from './extract/types.ts';
import { buildPassages, mainLanguage, sourceIdFor } from './passages.ts';
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
  /** Re-extract even unchanged files. */
  force?: boolean;
  chunk?: ChunkOptions;
  /** Passages per atomic write. */
  batchPassages?: number;
  signal?: AbortSignal;
  onEvent?: (event: IngestEvent) => void;
}

export type IngestEvent =
  | { type: 'run-start'; files: number }
  | { type: 'file-start'; path: string; index: number }
  | { type: 'file-done'; path: string; status: 'ingested' | 'skipped' | 'failed'; passages: number; error?: string; seconds: number }
  | { type: 'file-progress'; path: string; fraction: number; note?: string | undefined }
  | { type: 'batch-written'; sources: number; passages: number };

export interface FileResult {
  path: string;
  status: 'ingested' | 'skipped' | 'failed' | 'removed';
  passages: number;
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
  removed: number;
  passages: number;
  semantic: boolean;
  embedder: { name: string; sha256: string } | null;
  seconds: number;
  stages: { extract_s: number; chunk_s: number; embed_s: number; write_s: number; index_s: number };
  peak_rss_mb: number;
  results: FileResult[];
}

/** Validates a corpus name: it appears in URLs, file names and filters. */
export function assertCorpusName(corpus: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(corpus)) {
    throw new DarkroomError('INPUT_INVALID', `Corpus name "${corpus}" is not allowed. Use 1-64 letters, digits, dot, dash or underscore, starting with a letter or digit.`);
  }
}

export async function hashFileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks the configured embedder against the one the archive's vectors came from. */
export function checkEmbedder(archive: Archive, embedder: Embedder | null, hasPassages: boolean): void {
  const stamp = archive.embedder;
  if (embedder && stamp && stamp.sha256 !== embedder.stamp.sha256) {
    throw new DarkroomError(
      'MODEL_MISMATCH',
      `This archive was embedded with ${stamp.name} (sha256 ${stamp.sha256.slice(0, 12)}…) but DARKROOM_EMBED_MODEL is ${embedder.stamp.name} (sha256 ${embedder.stamp.sha256.slice(0, 12)}…). Point DARKROOM_EMBED_MODEL at the original model, or run \`darkroom reembed\` to re-embed the archive with the new one.`,
    );
  }
  if (embedder && !stamp && hasPassages) {
    throw new DarkroomError('MODEL_MISMATCH', 'This archive was built without vectors. Run `darkroom reembed` to add them with the configured DARKROOM_EMBED_MODEL.');
  }
}

/** The text a passage is embedded from: its search text (title, heading, speaker, text), whichever language column holds it. */
export function embeddingText(p: { fts_en: string; fts_fr: string }): string {
  return p.fts_en || p.fts_fr;
}

/** The chunk sizes a source was cut with, kept in its details so that new sizes re-chunk it. */
function chunkStamp(o: ChunkOptions): [number, number, number] {
  return [o.targetChars, o.maxChars, o.overlapChars];
}

/** True when the source was chunked with these sizes (or before sizes were recorded). */
function sameChunking(source: SourceRecord, o: ChunkOptions): boolean {
  try {
    const recorded = (JSON.parse(source.details_json ?? '{}') as { chunk?: unknown }).chunk;
    return recorded === undefined || JSON.stringify(recorded) === JSON.stringify(chunkStamp(o));
  } catch {
    return false;
  }
}

export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const { archive, corpus, embedder } = options;
  assertCorpusName(corpus);
  const started = performance.now();
  const stages = { extract_s: 0, chunk_s: 0, embed_s: 0, write_s: 0, index_s: 0 };
  const chunkOptions = options.chunk ?? defaultChunkOptions;
  const batchLimit = options.batchPassages ?? 512;

  const orphans = await archive.removeOrphanPassages();
  if (orphans > 0) log.info('removed passages left by an interrupted run', { passages: orphans });
  const hasPassages = (await archive.countPassages()) > 0;
  checkEmbedder(archive, embedder, hasPassages);
  if (embedder && !archive.embedder) archive.setEmbedder(embedder.stamp);
  const dim = embedder ? embedder.stamp.dim : null;

  const existing = new Map((await archive.listSources({ corpus })).map((s) => [s.id, s]));
  const results: FileResult[] = [];
  const seen = new Set<string>();
  let batch: Array<{ source: SourceRecord; passages: StoredPassage[]; fresh: boolean }> = [];
  let batchCount = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const t = performance.now();
    await archive.writeBatch(batch, dim);
    stages.write_s += (performance.now() - t) / 1000;
    options.onEvent?.({ type: 'batch-written', sources: batch.length, passages: batchCount });
    batch = [];
    batchCount = 0;
  };

  const ocr = createOcrEngine();
  try {
  let index = 0;
  const readsMedia = extractorFor('probe.mp4') !== undefined;
  const accept = (f: string) => extractorFor(f) !== undefined && !(readsMedia && isSidecarOf(f));
  const files: string[] = [];
  for await (const file of discoverFiles(options.inputs, { accept })) files.push(file);
  options.onEvent?.({ type: 'run-start', files: files.length });
  for (const file of files) {
    if (options.signal?.aborted) break;
    const id = sourceIdFor(corpus, file);
    seen.add(id);
    options.onEvent?.({ type: 'file-start', path: file, index: index++ });
    const t0 = performance.now();
    const prior = existing.get(id);
    let hash = '';
    let bytes = 0;
    try {
      const extractor = extractorFor(file);
      if (!extractor) throw new DarkroomError('UNSUPPORTED_FILE', `${file}: Darkroom does not read this kind of file (${file.split('.').pop()}). Convert it to a supported format.`);
      bytes = (await stat(file)).size;
      hash = await hashFileSha256(file);
      if (!options.force && prior && prior.hash === hash && prior.state === 'ingested' && sameChunking(prior, chunkOptions)) {
        const r: FileResult = { path: file, status: 'skipped', passages: prior.passages, seconds: (performance.now() - t0) / 1000 };
        results.push(r);
        options.onEvent?.({ type: 'file-done', path: file, status: 'skipped', passages: prior.passages, seconds: r.seconds });
        continue;
      }
      let t = performance.now();
      const extracted: Extracted = await extractor(file, {
        ...(options.signal ? { signal: options.signal } : {}),
        ocr,
        onProgress: (fraction, note) => options.onEvent?.({ type: 'file-progress', path: file, fraction, note }),
      });
      stages.extract_s += (performance.now() - t) / 1000;
      t = performance.now();
      const chunks = chunkExtracted(extracted, chunkOptions);
      if (chunks.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file}: no text could be extracted (empty, or only images with no readable text).`);
      const ref = { id, corpus, path: file, hash, kind: extracted.kind, title: extracted.title };
      const passages = buildPassages(ref, chunks);
      stages.chunk_s += (performance.now() - t) / 1000;
      if (embedder) {
        t = performance.now();
        const vectors = await embedder.embed(passages.map(embeddingText));
        passages.forEach((p, i) => (p.vector = vectors[i] ?? null));
        stages.embed_s += (performance.now() - t) / 1000;
      }
      const source: SourceRecord = {
        id,
        corpus,
        path: file,
        hash,
        kind: extracted.kind,
        title: extracted.title,
        state: 'ingested',
        error: null,
        bytes,
        passages: passages.length,
        pages: extracted.pages ?? null,
        duration_s: extracted.duration_s ?? null,
        language: mainLanguage(passages),
        media_json: extracted.media ? JSON.stringify(extracted.media) : null,
        transcript_method: extracted.transcript_method ?? null,
        details_json: JSON.stringify({ ...extracted.details, chunk: chunkStamp(chunkOptions) }),
        ingested_at: new Date().toISOString(),
      };
      batch.push({ source, passages, fresh: prior === undefined });
      batchCount += passages.length;
      const r: FileResult = { path: file, status: 'ingested', passages: passages.length, seconds: (performance.now() - t0) / 1000 };
      results.push(r);
      options.onEvent?.({ type: 'file-done', path: file, status: 'ingested', passages: passages.length, seconds: r.seconds });
      if (batchCount >= batchLimit) await flush();
    } catch (err) {
      const e = toDarkroomError(err, 'EXTRACT_FAILED');
      if (e.code === 'STORE_FAILED' || e.code === 'MODEL_MISMATCH') throw e;
      log.debug('file failed', { file, code: e.code, err: e });
      const message = e.message.startsWith(file) || e.message.includes(file) ? e.message : `${file}: ${e.message}`;
      const failed: SourceRecord = prior
        ? { ...prior, state: 'failed', error: message }
        : {
            id, corpus, path: file, hash: hash || 'unknown', kind: 'document', title: file.split('/').pop() ?? file, state: 'failed', error: message,
            bytes, passages: 0, pages: null, duration_s: null, language: 'und', media_json: null, transcript_method: null, details_json: null,
            ingested_at: new Date().toISOString(),
          };
      await flush();
      await archive.upsertSources([failed]);
      const r: FileResult = { path: file, status: 'failed', passages: prior?.passages ?? 0, error: message, code: e.code, seconds: (performance.now() - t0) / 1000 };
      results.push(r);
      options.onEvent?.({ type: 'file-done', path: file, status: 'failed', passages: 0, error: message, seconds: r.seconds });
    }
  }
  await flush();
  } finally {
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
    removed,
    passages: await archive.countPassages(corpus),
    semantic: embedder !== null,
    embedder: embedder ? { name: embedder.stamp.name, sha256: embedder.stamp.sha256 } : null,
    seconds: (performance.now() - started) / 1000,
    stages,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    results,
  };
}
