/**
 * SQL of the `answers`, `conversations` and `answer_passages` tables (migration 001), shared by the answer
 * store (server/records) and the import of state.json. Every function runs inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3';
import type { AnswerRecord } from '../../protocol/chat.ts';

/** A conversation row: a question and its follow-ups. */
export interface ConversationRow {
  id: string;
  created_at: string;
  updated_at: string;
  /** The first question, as a title. */
  title: string;
  corpus: string | null;
  /** The user id of who started it (core/access); null: the desk tool or the CLI. */
  owner: string | null;
}

/** The source id of a passage id (`<source id>:<ordinal>`). */
export function sourceOfPassage(passageId: string): string {
  const i = passageId.lastIndexOf(':');
  return i > 0 ? passageId.slice(0, i) : passageId;
}

/** Every passage a record retrieved or cited, with its source. */
export function passagesOfRecord(record: AnswerRecord): Array<{ passage_id: string; source_id: string }> {
  const out = new Map<string, string>();
  for (const p of record.retrieval?.passages ?? []) out.set(p.id, sourceOfPassage(p.id));
  for (const c of record.citations ?? []) out.set(c.passage_id, c.source_id ?? sourceOfPassage(c.passage_id));
  return [...out].map(([passage_id, source_id]) => ({ passage_id, source_id }));
}

/** Inserts an answer (and its conversation if new, else bumps it). Ignores an id already stored. */
export function insertAnswer(db: Database, record: AnswerRecord): void {
  const owner = record.owner ?? null;
  const added = db
    .prepare('INSERT OR IGNORE INTO answers (id, conversation_id, created_at, owner, record) VALUES (?, ?, ?, ?, ?)')
    .run(record.id, record.conversation_id, record.created_at, owner, JSON.stringify(record));
  if (added.changes === 0) return;
  const link = db.prepare('INSERT OR IGNORE INTO answer_passages (answer_id, passage_id, source_id) VALUES (?, ?, ?)');
  for (const p of passagesOfRecord(record)) link.run(record.id, p.passage_id, p.source_id);
  db.prepare(
    `INSERT INTO conversations (id, created_at, updated_at, title, corpus, owner) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET updated_at = MAX(updated_at, excluded.updated_at)`,
  ).run(record.conversation_id, record.created_at, record.created_at, record.question.slice(0, 200), record.corpus, owner);
}

/** Keeps the newest `max` answers: drops older ones, and conversations left empty. Returns how many were dropped. */
export function capAnswers(db: Database, max: number): number {
  const count = (db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n;
  if (count <= max) return 0;
  const cut = (db.prepare('SELECT seq FROM answers ORDER BY seq DESC LIMIT 1 OFFSET ?').get(max) as { seq: number }).seq;
  db.prepare('DELETE FROM answer_passages WHERE answer_id IN (SELECT id FROM answers WHERE seq <= ?)').run(cut);
  const dropped = db.prepare('DELETE FROM answers WHERE seq <= ?').run(cut).changes;
  db.prepare('DELETE FROM conversations WHERE id NOT IN (SELECT DISTINCT conversation_id FROM answers)').run();
  return dropped;
}

/** Parses a stored record, with its owner column. */
export function parseAnswer(row: { record: string; owner: string | null }): AnswerRecord {
  const record = JSON.parse(row.record) as AnswerRecord;
  return row.owner === null ? record : { ...record, owner: row.owner };
}
