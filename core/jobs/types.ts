/**
 * The jobs interface: how ingestion hands its heavy, pure work (reading, transcription, OCR, embedding) to
 * whoever does it, and gets the results back. Two implementations: in-process (core/jobs/in-process.ts, the
 * path of a single `darkroom ingest`, used when DARKROOM_REDIS_URL is unset) and BullMQ on Redis
 * (core/jobs/redis-jobs.ts, the coordinator's side; `darkroom worker` processes run the handlers).
 *
 * Handlers are pure: they read files and models and return a result; they never write to the archive. One
 * writer (the coordinator) commits the results under the archive's writer lock.
 */
import type { DarkroomError } from '../errors.ts';

/**
 * What a job does. `read`: a document's text (cheap, always done by the coordinator); `transcribe`: a rush's
 * speech; `ocr`: a PDF's or a scan's text; `embed`: a file's passages' vectors.
 */
export type JobStage = 'read' | 'transcribe' | 'ocr' | 'embed';

/** The stages a worker can take (`darkroom worker --stages`). */
export const WORKER_STAGES = ['transcribe', 'ocr', 'embed'] as const satisfies readonly JobStage[];
export type WorkerStage = (typeof WORKER_STAGES)[number];

export interface JobSpec {
  /**
   * The job's id: a hash of everything that determines its result (the file's content hash, its companion
   * files, the settings, the model). Submitting the same key twice is one job: a rerun finds the work done.
   */
  key: string;
  stage: JobStage;
  /** JSON-serialisable input of the handler. */
  data: unknown;
  /** What the job is about, for people: the file's path. */
  label: string;
  /**
   * The model the job must be done with (the embedder's sha256, for `embed`): only workers with that model
   * take it, so that vectors of two models are never mixed.
   */
  model?: string | undefined;
}

/** What a handler gets besides its input. */
export interface JobContext {
  signal?: AbortSignal | undefined;
  /** Progress within the job, 0..1, with a note (`transcribing · 12.0 s of 46.4 s · ×3.1 RT`). */
  progress(fraction: number, note?: string): void;
}

/** Runs one job; throws (a DarkroomError, ideally) when it fails. */
export type JobHandler = (data: unknown, ctx: JobContext) => Promise<unknown>;
export type JobHandlers = Partial<Record<JobStage, JobHandler>>;

export type JobOutcome =
  | { key: string; stage: JobStage; label: string; ok: true; result: unknown }
  | { key: string; stage: JobStage; label: string; ok: false; error: DarkroomError; attempts: number };

/** Where the jobs of an ingestion run. */
export interface JobRunner {
  readonly kind: 'in-process' | 'redis';
  /**
   * Jobs the caller may have submitted and not yet received with {@link next} before it should wait for one:
   * 1 in-process (today's one-file-at-a-time path, memory bounded by one file), more on Redis (the workers).
   */
  readonly window: number;
  /** Submits a job (on Redis: queued, or found already done). */
  submit(spec: JobSpec): Promise<void>;
  /** The next finished job (in-process: runs the oldest submitted one now). */
  next(): Promise<JobOutcome>;
  /** Forgets the results of jobs whose results are committed to the archive (on Redis: removes them). */
  release(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Options every runner takes. */
export interface JobRunnerOptions {
  /** Progress of a running job, for the CLI's progress line. */
  onProgress?: ((job: { key: string; label: string; stage: JobStage }, fraction: number, note?: string) => void) | undefined;
  signal?: AbortSignal | undefined;
}
