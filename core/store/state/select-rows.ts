/**
 * SQL of the `selects` table (migration 002), shared by the select store (server/selects) and the import of
 * selects.json. A list is rewritten whole inside the caller's transaction (at most 999 rows), which keeps
 * positions dense and a reorder atomic.
 */
import type { Database } from 'better-sqlite3';

/** The fields of a select item the store indexes; the whole item is kept as JSON. */
export interface SelectRowItem {
  id: string;
  passage_id: string;
  source_id: string;
}

/** The select list of `corpus`, in order. */
export function readSelectList<T extends SelectRowItem>(db: Database, corpus: string): T[] {
  const rows = db.prepare('SELECT item FROM selects WHERE corpus = ? ORDER BY position').all(corpus) as Array<{ item: string }>;
  return rows.map((r) => JSON.parse(r.item) as T);
}

/** Replaces the select list of `corpus` with `items`, in that order. */
export function writeSelectList(db: Database, corpus: string, items: readonly SelectRowItem[]): void {
  db.prepare('DELETE FROM selects WHERE corpus = ?').run(corpus);
  const insert = db.prepare('INSERT INTO selects (corpus, position, id, passage_id, source_id, item) VALUES (?, ?, ?, ?, ?, ?)');
  items.forEach((item, i) => insert.run(corpus, i, item.id, item.passage_id, item.source_id, JSON.stringify(item)));
}

/** Corpora that have a select list. */
export function listSelectCorpora(db: Database): string[] {
  return (db.prepare('SELECT DISTINCT corpus FROM selects ORDER BY corpus').all() as Array<{ corpus: string }>).map((r) => r.corpus);
}
