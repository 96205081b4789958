/**
 * Re-embedding: gives every passage a vector from the configured embedder (or takes all vectors away), then
 * records the embedder in archive.json. The vector column is replaced in place (no text is rewritten) and
 * filled batch by batch from a snapshot of the table, so memory stays bounded. While it runs, and if it is
 * killed, the archive's recorded embedder is none: search says semantic search is off and the next
 * `darkroom reembed` starts over.
 */
import { DarkroomError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { isUsableVector, type Embedder } from '../core/models/embedder.ts';
import type { Archive } from '../core/store/archive.ts';
import { sqlString } from '../core/store/schema.ts';
import { withWriterLock, type WriterLockOptions } from '../core/store/writer-lock.ts';
import { embeddingText } from './ingest-file.ts';

const log = createLogger('reembed');

export interface ReembedOptions {
  archive: Archive;
  /** The new embedder, or null to drop every vector (full-text only). */
  embedder: Embedder | null;
  /**
   * Only this corpus: allowed when the archive's vectors already come from the same embedder, or when no other
   * corpus holds vectors (the others then stay full-text only until re-embedded).
   */
  corpus?: string | undefined;
  /** Passages per embedding batch and per write. */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
  /** How to take the archive's writer lock (wait or fail at once); the purpose is `reembed`. */
  lock?: Omit<WriterLockOptions, 'purpose'>;
}

export interface ReembedSummary {
  passages: number;
  /** Ids of passages left without a vector (NaN or zero: no word known to the model); found by full text only. */
  without_vector: string[];
  corpus: string | null;
  embedder: { name: string; sha256: string; dim: number } | null;
  previous: { name: string; sha256: string; dim: number } | null;
  seconds: number;
  embed_s: number;
  write_s: number;
}

/** Re-embeds (or drops the vectors of) the archive, holding its writer lock. */
export async function reembed(options: ReembedOptions): Promise<ReembedSummary> {
  return withWriterLock(options.archive.home, { ...options.lock, purpose: 'reembed' }, () => runReembed(options));
}

async function runReembed(options: ReembedOptions): Promise<ReembedSummary> {
  const { archive, embedder, corpus } = options;
  const started = performance.now();
  const previous = archive.embedder;
  const total = await archive.countPassages(corpus);
  let fresh = corpus === undefined || !embedder;
  if (corpus !== undefined) {
    if (total === 0) throw new DarkroomError('CORPUS_UNKNOWN', `No corpus named "${corpus}" in this archive. \`darkroom sources\` lists the corpora.`);
    const sameModel = embedder !== null && previous !== null && previous.sha256 === embedder.stamp.sha256;
    if (!sameModel) {
      // One vector column holds one model's vectors: another model may fill it only when no other corpus holds
      // vectors. The other corpora then wait, full-text only, until they are re-embedded too.
      const table = await archive.passages();
      const hasVectors = table ? (await table.schema()).fields.some((f) => f.name === 'vector') : false;
      const othersWithVectors = table && hasVectors ? await archive.readLatest(() => table.countRows(`corpus != ${sqlString(corpus)} AND vector IS NOT NULL`)) : 0;
      const blocked = embedder ? othersWithVectors > 0 : (await archive.countPassages()) > total;
      if (blocked) {
        throw new DarkroomError(
          'INPUT_INVALID',
          `All corpora of an archive share one embedding model, and --corpus ${corpus} would leave the other corpora with ${previous ? `vectors from ${previous.name}` : embedder ? 'vectors of another model' : 'vectors'}. Run \`darkroom reembed\` without --corpus to re-embed the whole archive.`,
        );
      }
      fresh = true;
    }
  }
  const stats = { embed_s: 0, write_s: 0 };
  let done = 0;
  const withoutVector: string[] = [];
  if (fresh) {
    archive.setEmbedder(null);
    await archive.resetVectors(embedder ? embedder.stamp.dim : null);
  }
  if (embedder) {
    for await (const rows of archive.scanPassageTexts({ corpus, batch: options.batch ?? 256 })) {
      let t = performance.now();
      const vectors = await embedder.embed(rows.map(embeddingText));
      stats.embed_s += (performance.now() - t) / 1000;
      t = performance.now();
      const usable = rows.map((_, i) => (isUsableVector(vectors[i], embedder.stamp.dim) ? vectors[i]! : null));
      usable.forEach((v, i) => v === null && withoutVector.push(rows[i]!.id));
      await archive.writeVectors(rows.map((r, i) => ({ id: r.id, vector: usable[i] ?? null })));
      stats.write_s += (performance.now() - t) / 1000;
      done += rows.length;
      options.onProgress?.(done, total);
    }
    archive.setEmbedder(embedder.stamp);
  }
  const t = performance.now();
  await archive.ensureIndexes();
  await archive.compact();
  stats.write_s += (performance.now() - t) / 1000;
  log.info('re-embedded', { passages: done, embedder: embedder?.stamp.name ?? null });
  return {
    passages: embedder ? done : total,
    without_vector: withoutVector,
    corpus: corpus ?? null,
    embedder: embedder ? embedder.stamp : null,
    previous,
    seconds: (performance.now() - started) / 1000,
    ...stats,
  };
}
