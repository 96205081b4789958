/**
 * The archive: the only module that talks to LanceDB. Two tables (`sources`, `passages`, see schema.ts)
 * and a small `archive.json` that records which embedding model produced the vectors.
 *
 * Writes are atomic per batch: one `mergeInsert` replaces every passage of the batch's sources in a single
 * table version, so a reader never sees a source missing or doubled, and a process killed mid-batch leaves
 * the previous version intact. The `sources` row is written after its passages, so a rerun after a kill
 * sees the source as not done and redoes it (idempotently, passage ids are deterministic).
 */
import { accessSync, constants as fsConstants, mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Field, Schema } from 'apache-arrow';
import { DarkroomError } from '../errors.ts';
import type { PassageRecord, SourceRecord } from '../types.ts';
import { addMissingPassageColumns } from './migrate.ts';
import { withWriterLock, type WriterLockOptions } from './writer-lock.ts';
import { deleteCorpusText, ensureCorpusTextIndexes, corpusTextTables, ftsIndex, writeCorpusText } from './corpus-text.ts';
import { ftsColumns, PASSAGES, passagesSchema, SOURCES, sourcesSchema, sqlString, type FtsColumn } from './schema.ts';

export { ftsIndex };

/**
 * LanceDB's CPU pool defaults to one thread per core. On a 2-core machine, building the full-text index of
 * more than ~60k passages then never finishes (measured with lancedb 0.31.0: 50k rows index in 5 s, 70k rows
 * hang at 0% CPU; with 4 threads 200k rows index in 8 s). At least 4 threads, unless the user set it.
 * Read by LanceDB when its pool starts, i.e. at the first query, after this module is loaded.
 */
process.env.LANCE_CPU_THREADS ??= String(Math.max(4, availableParallelism()));

/** What produced the archive's vectors; recorded at the first embedded write. */
export interface EmbedderStamp {
  name: string;
  sha256: string;
  dim: number;
}

export interface ArchiveMeta {
  format: 1;
  embedder: EmbedderStamp | null;
}

export interface OpenArchiveOptions {
  /** The archive folder (DARKROOM_HOME). Created if missing. */
  home: string;
  /**
   * See other processes' writes on every read (the server must see what the ingestion CLI writes).
   * Default true; a one-shot CLI run can pass false.
   */
  followWrites?: boolean;
}

/** A row of the passages table as stored (with its search columns). */
export type StoredPassage = PassageRecord & Record<FtsColumn, string>;

/**
 * LanceDB's caches, bounded below its defaults (6 GB of index cache, 1 GB of metadata cache). These are
 * ceilings, not allocations: 2 GB holds the full-text index and an HNSW-SQ vector index (384-d) of a million
 * passages, so that search latency at that size is not spent reloading index pages.
 */
export const INDEX_CACHE_BYTES = 2 * 1024 ** 3;
export const METADATA_CACHE_BYTES = 256 * 1024 ** 2;

/**
 * How long old table versions are kept after a compaction that erased nothing: a reader (the server, a backup)
 * that opened one of them a moment ago can finish with it. A compaction after text was replaced or deleted
 * drops every old version at once, so that the text is gone from disk; readers then use {@link Archive.readLatest}.
 */
export const VERSION_GRACE_MS = 5 * 60_000;

/** Attempts of a read that keeps meeting files removed by a writer (each on the latest version). */
export const READ_ATTEMPTS = 5;

/** Whether a LanceDB error says that a file of the version being read is gone: a writer compacted it away. */
export function isStaleRead(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /Not found: \S*\.lance\/(data|_deletions|_versions|_indices|_transactions)\/|Object at location \S*\.lance\/(data|_deletions|_versions|_indices|_transactions)\/\S* not found/.test(message);
}

/** Rows above which an approximate vector index is built; below it, exact (brute force) search is fast enough. */
export const VECTOR_INDEX_MIN_ROWS = 50_000;

export class Archive {
  readonly home: string;
  readonly db: lancedb.Connection;
  private meta: ArchiveMeta;
  private readonly tables = new Map<string, lancedb.Table>();
  /** Text was replaced or deleted since the last compaction: its old versions must go at once. */
  private erased = false;

  private constructor(home: string, db: lancedb.Connection, meta: ArchiveMeta) {
    this.home = home;
    this.db = db;
    this.meta = meta;
  }

  static async open(options: OpenArchiveOptions): Promise<Archive> {
    const home = path.resolve(options.home);
    try {
      mkdirSync(home, { recursive: true });
    } catch (cause) {
      const why = (cause as NodeJS.ErrnoException).code === 'EEXIST' || (cause as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'a file is in the way' : ((cause as NodeJS.ErrnoException).code ?? 'unknown reason');
      throw new DarkroomError('CONFIG_INVALID', `Cannot create the archive folder ${home} (${why}). Set DARKROOM_HOME (or --home) to a folder this user can write.`, { cause });
    }
    try {
      accessSync(home, fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK);
      if (existsSync(path.join(home, 'lance'))) accessSync(path.join(home, 'lance'), fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK);
    } catch (cause) {
      throw new DarkroomError('CONFIG_INVALID', `The archive folder ${home} is not readable and writable by this user (${(cause as NodeJS.ErrnoException).code ?? 'denied'} on ${(cause as NodeJS.ErrnoException).path ?? home}). Fix its owner or permissions, or set DARKROOM_HOME (or --home) to another folder.`, { cause });
    }
    const session = new lancedb.Session(BigInt(INDEX_CACHE_BYTES), BigInt(METADATA_CACHE_BYTES));
    const db = await lancedb.connect(path.join(home, 'lance'), { ...(options.followWrites === false ? {} : { readConsistencyInterval: 0 }), session });
    return new Archive(home, db, readMeta(home));
  }

  /** The embedder the archive's vectors came from, or null (full-text only so far). */
  get embedder(): EmbedderStamp | null {
    this.meta = readMeta(this.home);
    return this.meta.embedder;
  }

  /** Records the embedder. Only allowed while the archive has no vectors (or by reembed). */
  setEmbedder(stamp: EmbedderStamp | null): void {
    this.meta = { ...this.meta, embedder: stamp };
    writeMeta(this.home, this.meta);
  }

  async tableNames(): Promise<string[]> {
    return this.db.tableNames();
  }

  /** The passages table, or null before the first write. */
  async passages(): Promise<lancedb.Table | null> {
    return this.table(PASSAGES);
  }

  async sources(): Promise<lancedb.Table | null> {
    return this.table(SOURCES);
  }

  /**
   * Opens a table once and keeps it: every open holds native dataset state (caches, file handles), so opening
   * per call made a long ingestion's memory grow by tens of MB a batch. With `followWrites`, the connection's
   * read consistency makes the kept table see other processes' writes.
   */
  private async table(name: string): Promise<lancedb.Table | null> {
    const kept = this.tables.get(name);
    if (kept) return kept;
    if (!(await this.db.tableNames()).includes(name)) return null;
    const table = await this.db.openTable(name);
    if (name === PASSAGES) await addMissingPassageColumns(table, this.home);
    this.tables.set(name, table);
    return table;
  }

  /** A table by name, kept open (see {@link table}), or null when it does not exist. */
  async openTable(name: string): Promise<lancedb.Table | null> {
    return this.table(name);
  }

  /** A table by name, created empty with `schema` when missing. */
  async ensureTable(name: string, schema: Schema): Promise<lancedb.Table> {
    const existing = await this.table(name);
    if (existing) return existing;
    const table = await this.db.createEmptyTable(name, schema, { existOk: true });
    this.tables.set(name, table);
    return table;
  }

  /** Opens or creates the passages table for vectors of `dim` (null: no vector column). */
  async ensurePassages(dim: number | null): Promise<lancedb.Table> {
    const existing = await this.passages();
    if (existing) {
      const hasVector = (await existing.schema()).fields.some((f) => f.name === 'vector');
      if (hasVector !== (dim !== null)) {
        throw new DarkroomError(
          'MODEL_MISMATCH',
          dim === null
            ? 'This archive holds vectors but no embedding model is configured. Set DARKROOM_EMBED_MODEL to the model the archive was built with (see `darkroom models`).'
            : 'This archive was built without vectors. Run `darkroom reembed` to add them with the configured DARKROOM_EMBED_MODEL.',
        );
      }
      return existing;
    }
    const table = await this.db.createEmptyTable(PASSAGES, passagesSchema(dim), { existOk: true });
    this.tables.set(PASSAGES, table);
    return table;
  }

  async ensureSources(): Promise<lancedb.Table> {
    const existing = await this.sources();
    if (existing) return existing;
    const table = await this.db.createEmptyTable(SOURCES, sourcesSchema(), { existOk: true });
    this.tables.set(SOURCES, table);
    return table;
  }

  /**
   * Writes the passages of the given sources, then records the sources. Sources marked `fresh` (never
   * written before) are appended in one commit; the others have all their passages replaced in one atomic
   * `mergeInsert` commit, so a reader never sees them missing or doubled. Appending is much cheaper in time
   * and memory than merging; a run killed between an append and the source rows leaves passages with no
   * source, which {@link removeOrphanPassages} deletes at the next run's start.
   */
  async writeBatch(items: Array<{ source: SourceRecord; passages: StoredPassage[]; fresh?: boolean }>, dim: number | null): Promise<void> {
    if (items.length === 0) return;
    const table = await this.ensurePassages(dim);
    const fresh = items.filter((i) => i.fresh === true);
    const replaced = items.filter((i) => i.fresh !== true);
    const freshRows = fresh.flatMap((i) => i.passages.map((p) => toPassageRow(p, dim)));
    const replacedRows = replaced.flatMap((i) => i.passages.map((p) => toPassageRow(p, dim)));
    const ids = replaced.map((i) => sqlString(i.source.id)).join(', ');
    try {
      if (replaced.length > 0) this.erased = true;
      if (freshRows.length > 0) await table.add(freshRows);
      if (replaced.length > 0 && replacedRows.length === 0) {
        await table.delete(`source_id IN (${ids})`);
      } else if (replaced.length > 0) {
        await table
          .mergeInsert('id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .whenNotMatchedBySourceDelete({ where: `source_id IN (${ids})` })
          .execute(replacedRows);
      }
      await writeCorpusText(this, items);
    } catch (cause) {
      throw new DarkroomError('STORE_FAILED', `Writing ${freshRows.length + replacedRows.length} passages to ${this.home} failed: ${(cause as Error).message}`, { cause });
    }
    await this.upsertSources(items.map((i) => i.source));
  }

  /**
   * Deletes passages whose source has no row in the sources table (left by a run killed between writing
   * passages and recording their source). Cheap when the archive is consistent: the source rows' passage
   * counts are compared with the table's row count first, and only a mismatch scans the source ids.
   * @returns the number of passages deleted.
   */
  async removeOrphanPassages(): Promise<number> {
    const table = await this.passages();
    if (!table) return 0;
    const sources = await this.listSources();
    const recorded = sources.reduce((n, s) => n + s.passages, 0);
    const stored = await table.countRows();
    if (recorded === stored) return 0;
    const known = new Set(sources.map((s) => s.id));
    const orphans = new Set<string>();
    for await (const batch of table.query().select(['source_id'])) {
      for (const row of batch.toArray() as Array<Record<string, unknown>>) {
        const id = String(row.source_id);
        if (!known.has(id)) orphans.add(id);
      }
    }
    if (orphans.size === 0) return 0;
    const before = stored;
    this.erased = true;
    await table.delete(`source_id IN (${[...orphans].map(sqlString).join(', ')})`);
    await deleteCorpusText(this, 'source_id', [...orphans]);
    return before - (await table.countRows());
  }

  /** Inserts or updates source rows (without touching passages). */
  async upsertSources(sources: SourceRecord[]): Promise<void> {
    if (sources.length === 0) return;
    const table = await this.ensureSources();
    await table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(sources.map(toSourceRow));
  }

  /**
   * Runs a read, and runs it again on the latest version (at most {@link READ_ATTEMPTS} times, a few ms apart)
   * when it met a file that another process's compaction removed meanwhile. Every read of the tables goes
   * through it, so that a reader never fails because a writer moved on.
   * @throws DarkroomError BUSY when the archive kept changing under every attempt.
   */
  async readLatest<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!isStaleRead(err)) throw err;
        if (attempt >= READ_ATTEMPTS) {
          throw new DarkroomError('BUSY', `The archive in ${this.home} was rewritten under ${READ_ATTEMPTS} reads in a row (another process is writing to it). Try again in a moment.`, { cause: err });
        }
        for (const table of this.tables.values()) await table.checkoutLatest().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt * attempt));
      }
    }
  }

  async listSources(filter: { corpus?: string | undefined } = {}): Promise<SourceRecord[]> {
    const table = await this.sources();
    if (!table) return [];
    let q = table.query();
    if (filter.corpus !== undefined) q = q.where(`corpus = ${sqlString(filter.corpus)}`);
    const rows = await this.readLatest(() => q.toArray());
    return rows.map(fromSourceRow).sort((a, b) => a.corpus.localeCompare(b.corpus) || a.path.localeCompare(b.path));
  }

  async getSource(id: string): Promise<SourceRecord | null> {
    const table = await this.sources();
    if (!table) return null;
    const rows = await this.readLatest(() => table.query().where(`id = ${sqlString(id)}`).limit(1).toArray());
    return rows[0] ? fromSourceRow(rows[0]) : null;
  }

  /** Corpora with their source and passage counts, and how many sources failed or await a transcript. */
  async listCorpora(): Promise<Array<{ corpus: string; sources: number; passages: number; failed: number; awaiting_transcript: number }>> {
    const byCorpus = new Map<string, { corpus: string; sources: number; passages: number; failed: number; awaiting_transcript: number }>();
    for (const s of await this.listSources()) {
      const c = byCorpus.get(s.corpus) ?? { corpus: s.corpus, sources: 0, passages: 0, failed: 0, awaiting_transcript: 0 };
      c.sources += 1;
      c.passages += s.passages;
      if (s.state === 'failed') c.failed += 1;
      if (s.state === 'awaiting_transcript') c.awaiting_transcript += 1;
      byCorpus.set(s.corpus, c);
    }
    return [...byCorpus.values()].sort((a, b) => a.corpus.localeCompare(b.corpus));
  }

  async countPassages(corpus?: string): Promise<number> {
    const table = await this.passages();
    if (!table) return 0;
    return this.readLatest(() => table.countRows(corpus === undefined ? undefined : `corpus = ${sqlString(corpus)}`));
  }

  /** The passages table's version: recorded with each answer so it can be replayed against the same data. */
  async version(): Promise<number | null> {
    const table = await this.passages();
    return table ? this.readLatest(() => table.version()) : null;
  }

  /**
   * Deletes sources and their passages, then compacts and drops old versions so that the text
   * no longer exists anywhere in the archive's files. Holds the writer lock (fails at once if another
   * writer holds it, unless `lock.wait`).
   */
  async removeSources(ids: string[], lock: Omit<WriterLockOptions, 'purpose'> = {}): Promise<void> {
    if (ids.length === 0) return;
    await withWriterLock(this.home, { ...lock, purpose: 'remove' }, async () => {
      const list = ids.map(sqlString).join(', ');
      this.erased = true;
      await (await this.passages())?.delete(`source_id IN (${list})`);
      await deleteCorpusText(this, 'source_id', ids);
      await (await this.sources())?.delete(`id IN (${list})`);
      await this.compact();
    });
  }

  /**
   * Keeps the file count bounded: merges small fragments, updates indexes with new rows, and removes old
   * versions (their files included): every one but the latest when text was replaced or deleted since the last
   * compaction (so that it is gone from disk), else those older than {@link VERSION_GRACE_MS}. Holds the writer lock.
   */
  async compact(lock: Omit<WriterLockOptions, 'purpose'> = {}): Promise<void> {
    await withWriterLock(this.home, { ...lock, purpose: 'compact' }, async () => {
      const cleanupOlderThan = this.erased ? new Date(Date.now() + 1000) : new Date(Date.now() - VERSION_GRACE_MS);
      for (const table of [await this.passages(), await this.sources(), ...(await corpusTextTables(this))]) {
        if (!table) continue;
        await table.optimize({ cleanupOlderThan });
      }
      this.erased = false;
    });
  }

  /**
   * Replaces the passages' vector column: drops it (and its index), then, when `dim` is a number, adds an
   * empty (null) one of that size for {@link writeVectors} to fill. A metadata change: no row is rewritten.
   */
  async resetVectors(dim: number | null): Promise<void> {
    const table = await this.passages();
    if (!table) return;
    try {
      for (const index of await table.listIndices()) if (index.columns.includes('vector')) await table.dropIndex(index.name);
      if ((await table.schema()).fields.some((f) => f.name === 'vector')) await table.dropColumns(['vector']);
      if (dim !== null) await table.addColumns(lanceArrowVectorField(dim));
    } catch (cause) {
      throw new DarkroomError('STORE_FAILED', `Replacing the vector column in ${this.home} failed: ${(cause as Error).message}. Run \`darkroom reembed\` again.`, { cause });
    }
  }

  /**
   * Reads every passage's id and search text (optionally of one corpus) in batches of `batch` rows, from the
   * table version current at the call, so that writes made meanwhile do not disturb the scan. Memory stays
   * bounded by the batch.
   */
  async *scanPassageTexts(options: { corpus?: string | undefined; batch?: number } = {}): AsyncGenerator<Array<{ id: string; fts_en: string; fts_fr: string }>> {
    const live = await this.passages();
    if (!live) return;
    const snapshot = await this.db.openTable(PASSAGES);
    try {
      yield* scanSnapshot(snapshot, await live.version(), options);
    } finally {
      snapshot.close();
    }
  }

  /** Sets the vectors of existing passages (by id), in one atomic commit; null stores the passage without one. */
  async writeVectors(rows: Array<{ id: string; vector: Float32Array | number[] | null }>): Promise<void> {
    if (rows.length === 0) return;
    const table = await this.passages();
    if (!table) return;
    try {
      await table.mergeInsert('id').whenMatchedUpdateAll().execute(rows.map((r) => ({ id: r.id, vector: r.vector ? Array.from(r.vector) : null })));
    } catch (cause) {
      throw new DarkroomError('STORE_FAILED', `Writing ${rows.length} vectors to ${this.home} failed: ${(cause as Error).message}. Run \`darkroom reembed\` again.`, { cause });
    }
  }

  /**
   * Creates the full-text indexes if missing (the passages table's, and each corpus's text table's, see
   * core/store/corpus-text.ts), and a vector index once the table is large enough.
   */
  async ensureIndexes(): Promise<void> {
    const table = await this.passages();
    if (!table) return;
    await ensureCorpusTextIndexes(this);
    const indices = await table.listIndices();
    for (const [column, language] of Object.entries(ftsColumns)) {
      if (indices.some((i) => i.columns.includes(column))) continue;
      await table.createIndex(column, { config: ftsIndex(language) });
    }
    const hasVector = (await table.schema()).fields.some((f) => f.name === 'vector');
    if (hasVector && !indices.some((i) => i.columns.includes('vector'))) {
      const rows = await table.countRows();
      if (rows >= VECTOR_INDEX_MIN_ROWS) {
        await table.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine' }) });
      }
    }
  }

  close(): void {
    for (const table of this.tables.values()) table.close();
    this.tables.clear();
    this.db.close();
  }
}

/**
 * The vector column as a Field of the apache-arrow build LanceDB itself loads (CommonJS): `addColumns` checks
 * `instanceof Field` against that build, which the ESM import in schema.ts is not.
 */
function lanceArrowVectorField(dim: number): Field {
  const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');
  return new arrow.Field('vector', new arrow.FixedSizeList(dim, new arrow.Field('item', new arrow.Float32(), true)), true) as unknown as Field;
}

/** The scan of {@link Archive.scanPassageTexts}, on a table checked out at `version`. */
async function* scanSnapshot(snapshot: lancedb.Table, version: number, options: { corpus?: string | undefined; batch?: number }): AsyncGenerator<Array<{ id: string; fts_en: string; fts_fr: string }>> {
  await snapshot.checkout(version);
  let q = snapshot.query().select(['id', 'fts_en', 'fts_fr']);
  if (options.corpus !== undefined) q = q.where(`corpus = ${sqlString(options.corpus)}`);
  const size = options.batch ?? 512;
  let pending: Array<{ id: string; fts_en: string; fts_fr: string }> = [];
  for await (const batch of q) {
    for (const row of batch.toArray() as Array<Record<string, unknown>>) {
      pending.push({ id: String(row.id), fts_en: String(row.fts_en), fts_fr: String(row.fts_fr) });
      if (pending.length >= size) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}

function readMeta(home: string): ArchiveMeta {
  const file = path.join(home, 'archive.json');
  if (!existsSync(file)) return { format: 1, embedder: null };
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ArchiveMeta;
  } catch (cause) {
    throw new DarkroomError('STORE_FAILED', `${file} is not valid JSON. Restore it from a backup, or delete it and run \`darkroom reembed\`.`, { cause });
  }
}

function writeMeta(home: string, meta: ArchiveMeta): void {
  const file = path.join(home, 'archive.json');
  writeFileSync(file + '.tmp', JSON.stringify(meta, null, 2) + '\n');
  renameSync(file + '.tmp', file);
}

function toPassageRow(p: StoredPassage, dim: number | null): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: p.id,
    corpus: p.corpus,
    source_id: p.source_id,
    source_path: p.source_path,
    source_hash: p.source_hash,
    kind: p.kind,
    title: p.title,
    ordinal: p.ordinal,
    page: p.page,
    char_start: p.char_start,
    char_end: p.char_end,
    start_s: p.start_s,
    end_s: p.end_s,
    speaker: p.speaker,
    language: p.language,
    heading: p.heading,
    text: p.text,
    cues_json: p.cues_json ?? null,
    fts_en: p.fts_en,
    fts_fr: p.fts_fr,
  };
  if (dim !== null) {
    // A passage the embedder gave no usable vector is stored without one (null): found by full text only.
    if (p.vector && p.vector.length !== dim) {
      throw new DarkroomError('STORE_FAILED', `Passage ${p.id} has a ${p.vector.length}-d vector; this archive's vectors are ${dim}-d.`);
    }
    row.vector = p.vector ? Array.from(p.vector) : null;
  }
  return row;
}

function toSourceRow(s: SourceRecord): Record<string, unknown> {
  return { ...s, bytes: BigInt(s.bytes) };
}

/** Converts a LanceDB row (bigint, Arrow vectors) to a plain SourceRecord. */
export function fromSourceRow(row: Record<string, unknown>): SourceRecord {
  return { ...(row as unknown as SourceRecord), bytes: Number(row.bytes), passages: Number(row.passages) };
}
