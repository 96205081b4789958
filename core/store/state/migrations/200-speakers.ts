/**
 * Speakers (issue 12): every rename or merge of speaker labels (`darkroom speakers rename|merge`), in order, so that
 * a source ingested again (a changed file, `darkroom transcribe`) gets the names it was given, and the change is
 * on record. Holds labels and names only, no words of the material.
 */
import type { StateMigration } from './types.ts';

export const speakersMigration: StateMigration = {
  id: 200,
  name: 'speakers',
  up(db) {
    db.exec(`
      CREATE TABLE speaker_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        -- 'rename' or 'merge'
        action TEXT NOT NULL,
        corpus TEXT NOT NULL,
        -- NULL: every source of the corpus
        source_id TEXT,
        -- JSON array of the labels renamed
        from_names TEXT NOT NULL,
        to_name TEXT NOT NULL,
        passages INTEGER NOT NULL
      );
      CREATE INDEX speaker_changes_corpus ON speaker_changes (corpus, seq);
    `);
  },
};
