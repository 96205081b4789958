/**
 * One file through the pipeline, in two steps: {@link prepareFile} (hash, skip unchanged: the coordinator's
 * part) and {@link extractTask} (read, transcribe or OCR, chunk: a job's pure work); then {@link applyVectors}
 * sets the vectors an embed job returned. Nothing here writes to the archive.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError, toDarkroomError, type ErrorCode } from '../core/errors.ts';
import { hashFileWithIdentity, recordedIdentity, sameIdentity, type FileIdentity } from '../core/files/file-identity.ts';
import { isUsableVector } from '../core/models/embedder.ts';
import type { StoredPassage } from '../core/store/archive.ts';
import type { SourceKind, SourceRecord } from '../core/types.ts';
import { findSidecar, isMediaFile } from './transcribe/sidecar.ts';
import { chunkExtracted, defaultMaxGapS, defaultMaxSpanS, type ChunkOptions } from './chunk/chunk.ts';
import type { OcrEngine } from './extract/ocr.ts';
import type { Extracted } from './extract/types.ts';
import { extractorFor } from './extract/registry.ts';
import { checkExtractedText } from './extract/text-bounds.ts';
import { buildPassages, mainLanguage } from './passages.ts';
import { detectLanguage } from '../core/lang/detect.ts';

/** Seconds spent per stage, added to by each file. (A type, not an interface: it must fit `Record<string, number>`.) */
export type StageTimes = {
  extract_s: number;
  chunk_s: number;
  embed_s: number;
  write_s: number;
  index_s: number;
};

/** What the coordinator knows of a file before reading it. */
export interface FileContext {
  id: string;
  corpus: string;
  /** The source row from an earlier run, if any. */
  prior: SourceRecord | undefined;
  chunk: ChunkOptions;
  force: boolean;
}

/** Passages of a file stored without a vector (found by full text only), and why. */
export interface VectorGap {
  passages: number;
  reason: string;
}

export async function hashFileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The text a passage is embedded from: its search text (title, heading, speaker, text), whichever language column holds it. */
export function embeddingText(p: { fts_en: string; fts_fr: string }): string {
  return p.fts_en || p.fts_fr;
}

/** Characters of a source read to tell its language, the fallback for passages too short to tell on their own. */
const SOURCE_LANGUAGE_SAMPLE = 4000;

/** The language of a source's opening text, or undefined when it cannot be told. */
function sourceLanguage(chunks: Array<{ text: string }>): string | undefined {
  let sample = '';
  for (const c of chunks) {
    if (sample.length >= SOURCE_LANGUAGE_SAMPLE) break;
    sample += c.text + '\n';
  }
  const language = detectLanguage(sample.slice(0, SOURCE_LANGUAGE_SAMPLE));
  return language === 'und' ? undefined : language;
}

/** The chunk sizes a source was cut with, kept in its details so that new sizes re-chunk it. */
function chunkStamp(o: ChunkOptions): number[] {
  return [o.targetChars, o.maxChars, o.overlapChars, o.maxSpanS ?? defaultMaxSpanS, o.maxGapS ?? defaultMaxGapS];
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

/**
 * The files a source is read with besides itself (a media file's sidecar transcript), by sha256: editing the
 * sidecar of an unchanged rush must re-read it.
 */
async function companionStamp(file: string): Promise<{ sidecar: string; sha256: string } | null> {
  if (!isMediaFile(file)) return null;
  const sidecar = findSidecar(file);
  return sidecar ? { sidecar, sha256: await hashFileSha256(sidecar) } : null;
}

/** True when the source was read with the same companion files as now. */
function sameCompanion(source: SourceRecord, companion: { sidecar: string; sha256: string } | null): boolean {
  try {
    const recorded = (JSON.parse(source.details_json ?? '{}') as { companion?: unknown }).companion ?? null;
    return JSON.stringify(recorded) === JSON.stringify(companion);
  } catch {
    return false;
  }
}

/** `details` (a source's details_json) with the file's identity set: what /media checks before serving it. */
export function withIdentity(details: string | null, identity: FileIdentity): string {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = (JSON.parse(details ?? '{}') as Record<string, unknown> | null) ?? {};
  } catch {
    parsed = {};
  }
  return JSON.stringify({ ...parsed, file: identity });
}

/** What the coordinator decided about one file before any heavy work. */
export type Prepared =
  /** `source`: the prior row with the file's identity refreshed, when it was missing or stale (same bytes). */
  | { status: 'skipped'; passages: number; source?: SourceRecord }
  | { status: 'work'; task: ExtractTask }
  | { status: 'failed'; source: SourceRecord; error: DarkroomError };

/**
 * The heavy, pure work on one file (read it, transcribe or OCR it, chunk it), as a job's JSON input: everything
 * the work needs besides the file and the machine's tools, so that any worker builds the same source row.
 */
export interface ExtractTask {
  /** The file's path as the coordinator sees it (stored in the archive); a worker may map it (DARKROOM_PATH_MAP). */
  file: string;
  id: string;
  corpus: string;
  /** sha256 of the file's bytes when it was queued. */
  hash: string;
  bytes: number;
  chunk: ChunkOptions;
  companion: { sidecar: string; sha256: string } | null;
  identity: FileIdentity;
  /** The archive holds a transcript of this file already: a rush that cannot be transcribed this time fails instead of losing it. */
  has_stored_text: boolean;
}

/** What the extraction of one file returns: its source row and passages, without vectors. */
export interface ExtractResult {
  source: SourceRecord;
  passages: StoredPassage[];
  extract_s: number;
  chunk_s: number;
  /** A rush kept without a transcript (its passages are its metadata passage), and why. */
  awaiting?: Extracted['awaiting'];
}

/** Where and how a task is worked: the OCR engine, the path to read (mapped on a worker), progress. */
export interface ExtractDeps {
  ocr: OcrEngine;
  /** The path to read, when it differs from `task.file` (a worker whose NAS is mounted elsewhere). */
  readPath?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, note?: string) => void) | undefined;
}

/**
 * Hashes a file and decides: unchanged (skip), to work on (a task), or failed (unreadable). Never throws for a
 * bad file.
 */
export async function prepareFile(file: string, ctx: FileContext): Promise<Prepared> {
  const { prior } = ctx;
  let bytes = 0;
  try {
    const extractor = extractorFor(file);
    if (!extractor) throw new DarkroomError('UNSUPPORTED_FILE', `${file}: Darkroom does not read this kind of file (${path.extname(file)}). Convert it to a supported format.`);
    bytes = (await stat(file)).size;
    const read = await hashFileWithIdentity(file);
    const companion = await companionStamp(file);
    if (!ctx.force && prior && prior.hash === read.sha256 && prior.state === 'ingested' && sameChunking(prior, ctx.chunk) && sameCompanion(prior, companion)) {
      const known = recordedIdentity(prior);
      if (known && sameIdentity(known, read.identity)) return { status: 'skipped', passages: prior.passages };
      return { status: 'skipped', passages: prior.passages, source: { ...prior, details_json: withIdentity(prior.details_json, read.identity) } };
    }
    return {
      status: 'work',
      task: { file, id: ctx.id, corpus: ctx.corpus, hash: read.sha256, bytes, chunk: ctx.chunk, companion, identity: read.identity, has_stored_text: prior !== undefined && prior.state === 'ingested' && prior.passages > 0 },
    };
  } catch (err) {
    const error = fileError(file, err);
    return { status: 'failed', error, source: failedSource(file, ctx, { hash: '', bytes, message: error.message }) };
  }
}

/**
 * Reads, transcribes or OCRs, and chunks one file: the source row and its passages (no vectors yet). Pure: it
 * writes nothing. @throws DarkroomError naming the file (EXTRACT_FAILED, TRANSCRIBE_FAILED, MEDIA_FAILED…).
 */
export async function extractTask(task: ExtractTask, deps: ExtractDeps): Promise<ExtractResult> {
  const { file } = task;
  const readPath = deps.readPath ?? file;
  try {
    const extractor = extractorFor(readPath);
    if (!extractor) throw new DarkroomError('UNSUPPORTED_FILE', `${file}: Darkroom does not read this kind of file (${path.extname(file)}). Convert it to a supported format.`);
    let t = performance.now();
    const extracted = await extractor(readPath, { ...(deps.signal ? { signal: deps.signal } : {}), ocr: deps.ocr, ...(deps.onProgress ? { onProgress: deps.onProgress } : {}) });
    const extract_s = (performance.now() - t) / 1000;
    checkExtractedText(file, extracted);
    if (extracted.awaiting && task.has_stored_text) {
      // A rush that has a transcript keeps it when none can be had this time (a failed transcriber, a sidecar gone).
      throw new DarkroomError(
        (extracted.awaiting.error?.code as ErrorCode | undefined) ?? 'TRANSCRIBE_FAILED',
        extracted.awaiting.error ? `${extracted.awaiting.error.message} Its stored transcript is kept.` : `${file}: no transcript could be read this time (no sidecar beside it, no transcriber configured), so its stored transcript is kept.`,
      );
    }
    t = performance.now();
    const chunks = chunkExtracted(extracted, task.chunk);
    if (chunks.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file}: no text could be extracted (empty, or only images with no readable text).`);
    const passages = buildPassages({ id: task.id, corpus: task.corpus, path: file, hash: task.hash, kind: extracted.kind, title: extracted.title }, chunks, sourceLanguage(chunks));
    const chunk_s = (performance.now() - t) / 1000;
    const source: SourceRecord = {
      id: task.id,
      corpus: task.corpus,
      path: file,
      hash: task.hash,
      kind: extracted.kind,
      title: extracted.title,
      state: extracted.awaiting ? 'awaiting_transcript' : 'ingested',
      error: extracted.awaiting?.error?.message ?? null,
      bytes: task.bytes,
      passages: passages.length,
      pages: extracted.pages ?? null,
      duration_s: extracted.duration_s ?? null,
      language: mainLanguage(passages),
      media_json: extracted.media ? JSON.stringify(extracted.media) : null,
      transcript_method: extracted.transcript_method ?? null,
      details_json: JSON.stringify({ ...extracted.details, chunk: chunkStamp(task.chunk), ...(task.companion ? { companion: task.companion } : {}), file: task.identity }),
      ingested_at: new Date().toISOString(),
    };
    return { source, passages, extract_s, chunk_s, ...(extracted.awaiting ? { awaiting: extracted.awaiting } : {}) };
  } catch (err) {
    throw fileError(file, err);
  }
}

/** An error about `file`, as a DarkroomError whose message names the file. */
export function fileError(file: string, err: unknown): DarkroomError {
  const e = toDarkroomError(err, 'EXTRACT_FAILED');
  if (e.message.includes(file)) return e;
  return new DarkroomError(e.code, `${file}: ${e.message}`, { cause: err });
}

/** The reason kept with passages stored without a vector because the embedding model failed. */
export function embedFailureReason(message: string): string {
  return `the embedding model failed: ${message}`;
}

/**
 * Sets each passage's vector from `vectors` (one per passage, in order), or none when the embedding failed
 * (`vectors` is an Error). A passage whose vector is unusable (NaN, infinite, all zero: see
 * {@link isUsableVector}) keeps a null vector: it is stored and found by full text, and the gap is returned for
 * the summary instead of stopping the run.
 */
export function applyVectors(passages: StoredPassage[], vectors: ReadonlyArray<ArrayLike<number> | null> | Error, dim: number): VectorGap | null {
  if (vectors instanceof Error) {
    for (const p of passages) p.vector = null;
    return { passages: passages.length, reason: embedFailureReason(vectors.message) };
  }
  let missing = 0;
  passages.forEach((p, i) => {
    const v = vectors[i];
    const vector = v instanceof Float32Array ? v : v ? Float32Array.from(v) : null;
    p.vector = isUsableVector(vector, dim) ? vector : null;
    if (p.vector === null) missing++;
  });
  return missing === 0 ? null : { passages: missing, reason: 'no usable vector (NaN or zero): no word of the text is known to the embedding model' };
}

/**
 * The source row of a file that failed: its earlier row marked failed (its passages stay, and its old hash
 * makes the next run try again), or a new row with no passages.
 */
/** The kind a file would have had, from its extension alone (for a file that could not be read). */
function kindFromExtension(file: string): SourceKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (['.srt', '.vtt'].includes(ext)) return 'transcript';
  if (isMediaFile(file)) return 'media';
  if (['.png', '.jpg', '.jpeg', '.tif', '.tiff'].includes(ext)) return 'image';
  return 'document';
}

export function failedSource(file: string, ctx: Pick<FileContext, 'id' | 'corpus' | 'prior'>, f: { hash: string; bytes: number; message: string }): SourceRecord {
  if (ctx.prior) return { ...ctx.prior, state: 'failed', error: f.message };
  return {
    id: ctx.id,
    corpus: ctx.corpus,
    path: file,
    hash: f.hash || 'unknown',
    kind: kindFromExtension(file),
    title: path.basename(file),
    state: 'failed',
    error: f.message,
    bytes: f.bytes,
    passages: 0,
    pages: null,
    duration_s: null,
    language: 'und',
    media_json: null,
    transcript_method: null,
    details_json: null,
    ingested_at: new Date().toISOString(),
  };
}
