/**
 * Full-text statistics per corpus: each corpus has its own text table (`text_<corpus>`: passage id, the columns
 * search filters on, and the two search columns) with its own full-text indexes, so that BM25's document
 * frequencies and average lengths come from that corpus alone. A search in one corpus then ranks exactly as if
 * the others did not exist, and one corpus's contents cannot be inferred from another's scores (a side channel
 * once corpora have different readers). The passages table stays the store of record; these tables are derived
 * from it: written in the same batches, deleted with it, compacted and purged with it, and rebuilt from it at
 * the start of every ingest for any source whose rows differ ({@link syncCorpusText}), e.g. after a kill between
 * the two writes, or for an archive made before these tables existed.
 */
import * as lancedb from '@lancedb/lancedb';
import type { Archive, StoredPassage } from './archive.ts';
import { ftsColumns, sqlString, textSchema } from './schema.ts';

/** Table-name prefix of the per-corpus text tables. Corpus names are letters, digits, dot, dash, underscore. */
export const TEXT_TABLE_PREFIX = 'text_';
/** Columns of a text table: the id, what search filters on, what sync compares, and the search columns. */
export const TEXT_COLUMNS = ['id', 'source_id', 'source_hash', 'source_path', 'kind', 'speaker', 'language', 'fts_en', 'fts_fr'] as const;
/** Ids per SQL `IN (…)` list. */
const ID_CHUNK = 500;

/** The text table of a corpus. */
export function textTableName(corpus: string): string {
  return `${TEXT_TABLE_PREFIX}${corpus}`;
}

/** The full-text index of one language's search column (stemmed, stop words removed, folded, lowercased). */
export function ftsIndex(language: string): lancedb.Index {
  return lancedb.Index.fts({ language, stem: true, removeStopWords: true, asciiFolding: true, lowercase: true, withPosition: false });
}

/** The archive's text tables (open, kept by the archive). */
export async function corpusTextTables(archive: Archive): Promise<lancedb.Table[]> {
  const names = (await archive.tableNames()).filter((n) => n.startsWith(TEXT_TABLE_PREFIX));
  const tables = await Promise.all(names.map((n) => archive.openTable(n)));
  return tables.filter((t): t is lancedb.Table => t !== null);
}

function toTextRow(p: StoredPassage): Record<string, unknown> {
  return Object.fromEntries(TEXT_COLUMNS.map((c) => [c, p[c] ?? null]));
}

/**
 * Writes the text rows of a batch (see Archive.writeBatch): fresh sources appended, the others' rows replaced in
 * one `mergeInsert` commit per corpus.
 */
export async function writeCorpusText(archive: Archive, items: ReadonlyArray<{ source: { id: string; corpus: string }; passages: StoredPassage[]; fresh?: boolean }>): Promise<void> {
  const byCorpus = new Map<string, typeof items[number][]>();
  for (const item of items) byCorpus.set(item.source.corpus, [...(byCorpus.get(item.source.corpus) ?? []), item]);
  for (const [corpus, group] of byCorpus) {
    const table = await archive.ensureTable(textTableName(corpus), textSchema());
    const freshRows = group.filter((i) => i.fresh === true).flatMap((i) => i.passages.map(toTextRow));
    const replaced = group.filter((i) => i.fresh !== true);
    const replacedRows = replaced.flatMap((i) => i.passages.map(toTextRow));
    const ids = replaced.map((i) => sqlString(i.source.id)).join(', ');
    if (freshRows.length > 0) await table.add(freshRows);
    if (replaced.length > 0 && replacedRows.length === 0) await table.delete(`source_id IN (${ids})`);
    else if (replaced.length > 0) {
      await table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().whenNotMatchedBySourceDelete({ where: `source_id IN (${ids})` }).execute(replacedRows);
    }
  }
}

/**
 * Updates columns of existing text rows of one corpus in place (by id), e.g. a renamed speaker's `speaker` and
 * search columns: the same change as in the passages table, so that the corpus's own index finds the new words.
 */
export async function updateCorpusText(archive: Archive, corpus: string, rows: ReadonlyArray<{ id: string } & Partial<Record<(typeof TEXT_COLUMNS)[number], string | null>>>): Promise<void> {
  const table = await archive.openTable(textTableName(corpus));
  if (!table || rows.length === 0) return;
  await table.mergeInsert('id').whenMatchedUpdateAll().execute(rows.map((r) => ({ ...r })));
}

/** Deletes the text rows whose `column` is one of `values`, in every corpus's text table. */
export async function deleteCorpusText(archive: Archive, column: 'id' | 'source_id', values: readonly string[]): Promise<void> {
  if (values.length === 0) return;
  for (const table of await corpusTextTables(archive)) {
    for (let i = 0; i < values.length; i += ID_CHUNK) await table.delete(`${column} IN (${values.slice(i, i + ID_CHUNK).map(sqlString).join(', ')})`);
  }
}

/** Creates the full-text indexes of every text table that lacks them (and holds rows). */
export async function ensureCorpusTextIndexes(archive: Archive): Promise<void> {
  for (const table of await corpusTextTables(archive)) {
    const indices = await table.listIndices();
    const missing = Object.entries(ftsColumns).filter(([column]) => !indices.some((i) => i.columns.includes(column)));
    if (missing.length === 0 || (await table.countRows()) === 0) continue;
    for (const [column, language] of missing) await table.createIndex(column, { config: ftsIndex(language) });
  }
}

/** Per source id: the corpus, the content hash and the number of rows. */
type SourceRows = Map<string, { corpus: string; hash: string; rows: number }>;

async function countSourceRows(table: lancedb.Table, corpus: string | null): Promise<SourceRows> {
  const out: SourceRows = new Map();
  const columns = corpus === null ? ['corpus', 'source_id', 'source_hash'] : ['source_id', 'source_hash'];
  for await (const batch of table.query().select(columns)) {
    for (const row of batch.toArray() as Array<Record<string, unknown>>) {
      const id = String(row.source_id);
      const known = out.get(id);
      if (known) known.rows += 1;
      else out.set(id, { corpus: corpus ?? String(row.corpus), hash: String(row.source_hash), rows: 1 });
    }
  }
  return out;
}

/**
 * Makes every corpus's text table hold exactly the text of its passages: the rows of any source whose content
 * hash or row count differs are rewritten from the passages table, and rows of sources gone from it deleted.
 * Cheap when they agree: two scans of three short columns. Run by a writer, under the writer lock.
 * @returns the number of sources whose text rows were rewritten or deleted.
 */
export async function syncCorpusText(archive: Archive): Promise<number> {
  const passages = await archive.passages();
  const want: SourceRows = passages ? await countSourceRows(passages, null) : new Map();
  const corpora = new Set([...want.values()].map((w) => w.corpus));
  for (const table of await corpusTextTables(archive)) corpora.add(table.name.slice(TEXT_TABLE_PREFIX.length));
  let repaired = 0;
  for (const corpus of corpora) {
    const existing = await archive.openTable(textTableName(corpus));
    const have: SourceRows = existing ? await countSourceRows(existing, corpus) : new Map();
    const stale = new Set<string>();
    for (const [id, w] of want) if (w.corpus === corpus && (have.get(id)?.hash !== w.hash || have.get(id)?.rows !== w.rows)) stale.add(id);
    for (const id of have.keys()) if (want.get(id)?.corpus !== corpus) stale.add(id);
    if (stale.size === 0) continue;
    repaired += stale.size;
    const ids = [...stale];
    const table = existing ?? (await archive.ensureTable(textTableName(corpus), textSchema()));
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const list = ids.slice(i, i + ID_CHUNK).map(sqlString).join(', ');
      await table.delete(`source_id IN (${list})`);
      if (!passages) continue;
      const rows = (await passages.query().where(`corpus = ${sqlString(corpus)} AND source_id IN (${list})`).select([...TEXT_COLUMNS]).toArray()) as Array<Record<string, unknown>>;
      if (rows.length > 0) await table.add(rows.map((r) => Object.fromEntries(TEXT_COLUMNS.map((c) => [c, r[c] ?? null]))));
    }
    // A full-text index keeps counting deleted rows in its statistics: compacted, then rebuilt, they no longer count.
    await table.optimize();
    if ((await table.countRows()) > 0) {
      for (const [column, language] of Object.entries(ftsColumns)) await table.createIndex(column, { config: ftsIndex(language), replace: true });
    }
  }
  return repaired;
}

/** A full-text query as search.ts builds it: a string over both search columns, or a query object. */
export type TextQuery = string | lancedb.FullTextQuery;

/**
 * Full-text search with each corpus's own statistics: the best `limit` passage ids and BM25 scores of each
 * corpus in `corpora`, merged by score. Null when a corpus holding passages has no text table yet (an archive
 * from before them, until its next ingest): the caller then searches the passages table as a whole.
 * @param where a filter on text-table columns (kind, source, speaker, language), or null.
 */
export async function searchCorpusText(archive: Archive, corpora: readonly string[], query: TextQuery, where: string | null, limit: number): Promise<Array<{ id: string; score: number; corpus: string }> | null> {
  const hits: Array<{ id: string; score: number; corpus: string }> = [];
  for (const corpus of corpora) {
    const table = await archive.openTable(textTableName(corpus));
    if (!table) {
      if ((await archive.countPassages(corpus)) > 0) return null;
      continue;
    }
    const rows = await archive.readLatest(async () => {
      if ((await table.countRows()) === 0) return [];
      let q = (typeof query === 'string' ? table.search(query, 'fts', Object.keys(ftsColumns)) : table.search(query)).select(['id', '_score']).limit(limit);
      if (where) q = q.where(where);
      return (await q.toArray()) as Array<Record<string, unknown>>;
    });
    for (const r of rows) hits.push({ id: String(r.id), score: Number(r._score), corpus });
  }
  // Ties in id order: LanceDB returns equal scores in storage order, which compaction changes.
  return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}
