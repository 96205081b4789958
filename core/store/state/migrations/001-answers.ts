/** Answer records and conversations (server/records/answer-store.ts reads and writes them). */
import type { StateMigration } from './types.ts';

export const answersMigration: StateMigration = {
  id: 1,
  name: 'answers-and-conversations',
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        title TEXT NOT NULL,
        corpus TEXT,
        owner TEXT
      );
      CREATE INDEX conversations_updated ON conversations(updated_at);
      -- seq keeps the order answers were saved in (created_at can tie).
      CREATE TABLE answers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        owner TEXT,
        -- the AnswerRecord as JSON; a tombstone once its material is withdrawn
        record TEXT NOT NULL,
        withdrawn_at TEXT
      );
      CREATE INDEX answers_conversation ON answers(conversation_id, seq);
      -- every passage an answer retrieved or cited, so that a withdrawal finds the answers to tombstone
      CREATE TABLE answer_passages (
        answer_id TEXT NOT NULL,
        passage_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        PRIMARY KEY (answer_id, passage_id)
      ) WITHOUT ROWID;
      CREATE INDEX answer_passages_passage ON answer_passages(passage_id);
      CREATE INDEX answer_passages_source ON answer_passages(source_id);
    `);
  },
};
