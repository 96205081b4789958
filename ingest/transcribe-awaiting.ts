/**
 * `darkroom transcribe`: gives words to the rushes kept awaiting a transcript, once a transcriber is configured.
 * Picks the awaiting rushes (of a corpus, or named by id or path), and runs them through the ingestion pipeline
 * again (which transcribes, chunks, embeds and replaces their metadata passage), holding the archive's writer
 * lock for the whole run. A rush the transcriber fails on, or hears nothing in, stays awaiting with the error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DarkroomError } from '../core/errors.ts';
import type { Embedder } from '../core/models/embedder.ts';
import type { Archive } from '../core/store/archive.ts';
import { withWriterLock, type WriterLockOptions } from '../core/store/writer-lock.ts';
import type { SourceRecord } from '../core/types.ts';
import type { ChunkOptions } from './chunk/chunk.ts';
import { ingest, type IngestEvent } from './pipeline.ts';

export interface TranscribeAwaitingOptions {
  archive: Archive;
  embedder: Embedder | null;
  /** Only this corpus's rushes. */
  corpus?: string | undefined;
  /** Source ids or file paths; default: every awaiting rush (of the corpus). */
  refs?: string[];
  /** Ids of withdrawn sources: never ingested again. */
  withdrawn?: ReadonlySet<string>;
  chunk?: ChunkOptions;
  signal?: AbortSignal;
  onEvent?: (event: IngestEvent) => void;
  lock?: Omit<WriterLockOptions, 'purpose'>;
}

/** What became of one awaiting rush. */
export interface TranscribeResult {
  source_id: string;
  corpus: string;
  path: string;
  /** transcribed: it now has passages of words; awaiting: still without (error says why); failed: the file could not be read. */
  status: 'transcribed' | 'awaiting' | 'failed';
  passages: number;
  error: string | null;
}

export interface TranscribeSummary {
  /** Awaiting rushes picked. */
  rushes: number;
  transcribed: number;
  awaiting: number;
  failed: number;
  /** Named sources that already have a transcript (left alone). */
  not_awaiting: string[];
  results: TranscribeResult[];
}

/**
 * Transcribes the awaiting rushes. The media extractor must be registered with a transcriber (the command does).
 * @throws DarkroomError SOURCE_UNKNOWN for a ref that names no source (of the corpus); ARCHIVE_LOCKED when
 *   another writer holds the archive and `lock.wait` is not set.
 */
export async function transcribeAwaiting(options: TranscribeAwaitingOptions): Promise<TranscribeSummary> {
  const { archive } = options;
  return withWriterLock(archive.home, { ...options.lock, purpose: 'transcribe' }, async () => {
    const sources = await archive.listSources(options.corpus !== undefined ? { corpus: options.corpus } : {});
    const named = options.refs && options.refs.length > 0 ? pickSources(sources, options.refs, options.corpus) : sources;
    const picked = named.filter((s) => s.state === 'awaiting_transcript');
    const notAwaiting = named.filter((s) => s.state !== 'awaiting_transcript').map((s) => s.path);
    const results: TranscribeResult[] = [];
    const byCorpus = new Map<string, SourceRecord[]>();
    for (const s of picked) {
      if (!existsSync(s.path)) {
        results.push({ source_id: s.id, corpus: s.corpus, path: s.path, status: 'awaiting', passages: s.passages, error: `${s.path} is gone (moved or unmounted): mount or copy it back, then run \`darkroom transcribe\` again.` });
        continue;
      }
      byCorpus.set(s.corpus, [...(byCorpus.get(s.corpus) ?? []), s]);
    }
    for (const [corpus, rushes] of byCorpus) {
      if (options.signal?.aborted) break;
      const summary = await ingest({
        archive,
        corpus,
        inputs: rushes.map((s) => s.path),
        embedder: options.embedder,
        force: true,
        ...(options.withdrawn ? { withdrawn: options.withdrawn } : {}),
        ...(options.chunk ? { chunk: options.chunk } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      });
      for (const s of rushes) {
        const r = summary.results.find((x) => x.path === s.path);
        const status = r?.status === 'ingested' ? 'transcribed' : r?.status === 'failed' ? 'failed' : 'awaiting';
        results.push({ source_id: s.id, corpus, path: s.path, status, passages: r?.passages ?? s.passages, error: r?.error ?? (r ? null : 'not transcribed: the run was interrupted') });
      }
    }
    const count = (status: TranscribeResult['status']) => results.filter((r) => r.status === status).length;
    return { rushes: picked.length, transcribed: count('transcribed'), awaiting: count('awaiting'), failed: count('failed'), not_awaiting: notAwaiting, results };
  });
}

/** The sources named by id or path (absolute, or relative to the working folder). */
function pickSources(sources: SourceRecord[], refs: string[], corpus: string | undefined): SourceRecord[] {
  const picked = new Map<string, SourceRecord>();
  for (const ref of refs) {
    const abs = path.resolve(ref);
    const found = sources.filter((s) => s.id === ref || s.path === abs);
    if (found.length === 0) {
      throw new DarkroomError('SOURCE_UNKNOWN', `No source ${ref}${corpus !== undefined ? ` in corpus "${corpus}"` : ''}. Give a source id or the path of an ingested rush (\`darkroom sources --corpus <name>\` lists them).`);
    }
    for (const s of found) picked.set(s.id, s);
  }
  return [...picked.values()];
}
