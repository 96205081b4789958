/** Select lists, one per corpus (server/selects/select-store.ts reads and writes them). */
import type { StateMigration } from './types.ts';

export const selectsMigration: StateMigration = {
  id: 2,
  name: 'selects',
  up(db) {
    db.exec(`
      CREATE TABLE selects (
        corpus TEXT NOT NULL,
        position INTEGER NOT NULL,
        id TEXT NOT NULL,
        passage_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        -- the SelectItem as JSON
        item TEXT NOT NULL,
        PRIMARY KEY (corpus, id)
      );
      CREATE INDEX selects_order ON selects(corpus, position);
      CREATE INDEX selects_source ON selects(source_id);
      CREATE INDEX selects_passage ON selects(passage_id);
    `);
  },
};
