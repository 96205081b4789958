/**
 * Consent: the purge journal (a withdrawal or removal killed halfway is completed by the next run), the sources
 * withdrawn (ingestion never brings them back), and restrictions (off-the-record ranges, pages, embargoes).
 * None of these tables holds a word of the material: ids, times, page numbers and dates only.
 */
import type { StateMigration } from './types.ts';

export const consentMigration: StateMigration = {
  id: 3,
  name: 'consent',
  up(db) {
    db.exec(`
      CREATE TABLE purges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- 'withdraw' or 'remove'
        action TEXT NOT NULL,
        corpus TEXT,
        -- JSON arrays of ids
        source_ids TEXT NOT NULL,
        passage_ids TEXT NOT NULL,
        -- whole sources (1) or some passages of them (0, a speaker's)
        whole_sources INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        -- the last step completed, for a rerun's report
        step TEXT
      );
      CREATE TABLE withdrawn_sources (
        source_id TEXT PRIMARY KEY,
        corpus TEXT NOT NULL,
        withdrawn_at TEXT NOT NULL
      );
      CREATE TABLE restrictions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id TEXT NOT NULL,
        corpus TEXT NOT NULL,
        -- seconds from the start of the file (null: the whole source, or pages only)
        start_s REAL,
        end_s REAL,
        first_page INTEGER,
        last_page INTEGER,
        -- ISO date (YYYY-MM-DD) after which the restriction lapses; null: until cleared
        until TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX restrictions_source ON restrictions(source_id);
    `);
  },
};
