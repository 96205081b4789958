/**
 * The record of speaker renames and merges (state.db `speaker_changes`, migration 200), the renamer ingestion
 * applies so that a source read again keeps the names it was given, and the select lists' copies of a speaker's
 * name (their items keep the passage's speaker for exports). Callers write inside `state.write`.
 */
import type { Database } from 'better-sqlite3';

export interface SpeakerChange {
  at: string;
  actor: string;
  action: 'rename' | 'merge';
  corpus: string;
  /** Null: every source of the corpus. */
  source_id: string | null;
  from_names: string[];
  to_name: string;
  passages: number;
}

/** Records one change (inside the caller's transaction). */
export function recordSpeakerChange(db: Database, change: SpeakerChange): void {
  db.prepare('INSERT INTO speaker_changes (at, actor, action, corpus, source_id, from_names, to_name, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    change.at,
    change.actor,
    change.action,
    change.corpus,
    change.source_id,
    JSON.stringify(change.from_names),
    change.to_name,
    change.passages,
  );
}

/** The changes of a corpus (every corpus when undefined), oldest first. */
export function readSpeakerChanges(db: Database, corpus?: string): SpeakerChange[] {
  const rows = (corpus === undefined
    ? db.prepare('SELECT * FROM speaker_changes ORDER BY seq').all()
    : db.prepare('SELECT * FROM speaker_changes WHERE corpus = ? ORDER BY seq').all(corpus)) as Array<Omit<SpeakerChange, 'from_names'> & { from_names: string }>;
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, corpus: r.corpus, source_id: r.source_id, from_names: JSON.parse(r.from_names) as string[], to_name: r.to_name, passages: r.passages }));
}

/**
 * The name a label of a source has after every recorded change of its corpus, applied in order (a rename of
 * SPEAKER_00 to "Marie", then a merge of "Marie" into "Marie Tremblay", gives "Marie Tremblay"). Pure.
 */
export function createSpeakerRenamer(changes: readonly SpeakerChange[]): (corpus: string, sourceId: string, label: string) => string {
  return (corpus, sourceId, label) => {
    let name = label;
    for (const c of changes) {
      if (c.corpus === corpus && (c.source_id === null || c.source_id === sourceId) && c.from_names.includes(name)) name = c.to_name;
    }
    return name;
  };
}

/**
 * Renames the speaker in the select items of `corpus` whose source is in `sourceIds` (null: any source).
 * @returns the number of items changed.
 */
export function renameSpeakerInSelects(db: Database, corpus: string, sourceIds: readonly string[] | null, from: readonly string[], to: string): number {
  const rows = db.prepare('SELECT rowid, source_id, item FROM selects WHERE corpus = ?').all(corpus) as Array<{ rowid: number; source_id: string; item: string }>;
  const update = db.prepare('UPDATE selects SET item = ? WHERE rowid = ?');
  let changed = 0;
  for (const row of rows) {
    if (sourceIds !== null && !sourceIds.includes(row.source_id)) continue;
    const item = JSON.parse(row.item) as { speaker?: string | null };
    if (typeof item.speaker === 'string' && from.includes(item.speaker)) {
      update.run(JSON.stringify({ ...item, speaker: to }), row.rowid);
      changed++;
    }
  }
  return changed;
}
