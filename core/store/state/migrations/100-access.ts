/** Access (issue 11): people, their per-corpus grants, sign-in sessions and machine tokens. */
import type { StateMigration } from './types.ts';

export const accessMigration: StateMigration = {
  id: 100,
  name: 'access',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE grants (
        user_id TEXT NOT NULL,
        corpus TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (user_id, corpus)
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        address TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX tokens_user ON tokens (user_id);
    `);
  },
};
