/**
 * The jobs of one file's ingestion: which stage a file's work belongs to, the content-hash keys that make
 * jobs idempotent, and the handlers that do the work (the same functions in-process and in `darkroom worker`).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import type { JobHandlers, JobSpec } from '../../core/jobs/types.ts';
import type { Embedder } from '../../core/models/embedder.ts';
import type { OcrEngine } from '../extract/ocr.ts';
import { embeddingText, extractTask, type ExtractResult, type ExtractTask } from '../ingest-file.ts';
import { isMediaFile } from '../transcribe/sidecar.ts';

/** Extensions whose text may need OCR (scanned PDF pages, images): the `ocr` stage. */
const OCR_EXTENSIONS = new Set(['.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** Bumped when what a job returns changes, so that results kept in Redis by an older version are not reused. */
const JOB_FORMAT = 1;

/**
 * The stage a file's extraction belongs to: `transcribe` for a rush (unless a sidecar transcript is read
 * instead), `ocr` for PDFs and images, `read` for text documents and transcripts (cheap: the coordinator does it).
 */
export function stageOf(task: Pick<ExtractTask, 'file' | 'companion'>, prefer: 'sidecar' | 'transcribe' = 'sidecar'): 'read' | 'transcribe' | 'ocr' {
  if (isMediaFile(task.file)) return task.companion && prefer === 'sidecar' ? 'read' : 'transcribe';
  return OCR_EXTENSIONS.has(path.extname(task.file).toLowerCase()) ? 'ocr' : 'read';
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * The extraction job of a task. Its key hashes what determines the result: the file's content hash and
 * companion (sidecar) hash, its source id (corpus and path), the chunk sizes. The same unchanged file queued
 * twice is one job.
 */
export function extractJob(task: ExtractTask, prefer: 'sidecar' | 'transcribe' = 'sidecar'): JobSpec {
  const stage = stageOf(task, prefer);
  const key = `x${sha256([JOB_FORMAT, stage, task.id, task.corpus, task.file, task.hash, task.companion, task.chunk])}`;
  return { key, stage, data: task, label: task.file };
}

/** What an embed job gets: the passages' texts, and the model they must be embedded with. */
export interface EmbedJobData {
  file: string;
  source_id: string;
  /** sha256 of the embedding model's ONNX file: a worker with another model refuses the job. */
  embedder_sha256: string;
  texts: string[];
}

/** What an embed job returns: one vector per text (plain numbers: JSON round-trips a float32 exactly). */
export interface EmbedJobResult {
  vectors: number[][];
  embed_s: number;
  embedder_sha256: string;
}

/** The embed job of an extracted file, keyed by the model and the texts. */
export function embedJob(extracted: ExtractResult, embedderSha256: string): JobSpec {
  const texts = extracted.passages.map(embeddingText);
  const data: EmbedJobData = { file: extracted.source.path, source_id: extracted.source.id, embedder_sha256: embedderSha256, texts };
  const key = `e${sha256([JOB_FORMAT, embedderSha256, extracted.source.id, texts])}`;
  return { key, stage: 'embed', model: embedderSha256, data, label: extracted.source.path };
}

export interface FileJobDeps {
  ocr: OcrEngine;
  embedder: Embedder | null;
  /** Where this process reads a file the coordinator named (DARKROOM_PATH_MAP on a worker). */
  mapPath?: ((file: string) => string) | undefined;
}

/** The handlers of every stage, over this process's OCR engine and embedder. */
export function fileJobHandlers(deps: FileJobDeps): JobHandlers {
  const extract = async (data: unknown, ctx: Parameters<NonNullable<JobHandlers['read']>>[1]) => {
    const task = data as ExtractTask;
    const readPath = deps.mapPath?.(task.file);
    return extractTask(task, { ocr: deps.ocr, readPath, signal: ctx.signal, onProgress: (f, note) => ctx.progress(f, note) });
  };
  return {
    read: extract,
    transcribe: extract,
    ocr: extract,
    async embed(data: unknown): Promise<EmbedJobResult> {
      const job = data as EmbedJobData;
      const embedder = deps.embedder;
      if (!embedder) throw new DarkroomError('MODEL_NOT_FOUND', `No embedding model is configured here to embed ${job.file}. Set DARKROOM_EMBED_MODEL to the archive's model.`);
      if (embedder.stamp.sha256 !== job.embedder_sha256) {
        throw new DarkroomError(
          'MODEL_MISMATCH',
          `${job.file}: this archive's vectors come from the model with sha256 ${job.embedder_sha256.slice(0, 12)}…, but this process has ${embedder.stamp.name} (sha256 ${embedder.stamp.sha256.slice(0, 12)}…). Point DARKROOM_EMBED_MODEL at the archive's model.`,
        );
      }
      const t = performance.now();
      const vectors = await embedder.embed(job.texts);
      return { vectors: vectors.map((v) => Array.from(v)), embed_s: (performance.now() - t) / 1000, embedder_sha256: embedder.stamp.sha256 };
    },
  };
}
