/**
 * The state store: one SQLite file (DARKROOM_HOME/state.db, WAL mode) for every piece of state that several
 * processes write at once (answer records, conversations, selects, restrictions; users, grants, sessions,
 * tokens and the audit trail of core/access). The only module that opens it; repositories (answer-store,
 * select-store, ...) take the handle it returns.
 *
 * Why SQLite and not LanceDB tables: measured with `npm run bench:state` (docs/server.md, "State store").
 * Every write runs in a `BEGIN IMMEDIATE` transaction, so a read-modify-write never loses another process's
 * change; a writer waits up to {@link BUSY_TIMEOUT_MS} for the lock instead of failing.
 * `secure_delete=ON` overwrites deleted rows with zeros, so a purge leaves no byte of them in the file;
 * {@link StateStore.scrub} then truncates the write-ahead log, which may still hold old pages.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DarkroomError } from '../../errors.ts';
import { importLegacyState } from './import-legacy.ts';
import { stateMigrations, type StateMigration } from './migrations/index.ts';

/** How long a writer waits for another process's transaction before failing (ms). */
export const BUSY_TIMEOUT_MS = 15_000;

/** The state file's name inside DARKROOM_HOME. */
export const STATE_FILE = 'state.db';

export interface StateStore {
  /** The SQLite file (its `-wal` and `-shm` companions sit beside it). */
  readonly file: string;
  /** The raw better-sqlite3 handle, for repositories' prepared statements. */
  readonly db: Database.Database;
  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction (the write lock is taken first, so a read-modify-write sees
   * every other process's committed change). Rolls back if `fn` throws. Nested calls join the outer transaction.
   */
  write<T>(fn: (db: Database.Database) => T): T;
  /**
   * Makes deleted bytes unrecoverable from the files: checkpoints the WAL into the database and truncates it
   * to zero bytes, then (with `vacuum`) rewrites the database without free pages.
   */
  scrub(options?: { vacuum?: boolean }): void;
  close(): void;
}

export interface OpenStateOptions {
  /** Migrations to apply (default: all of {@link stateMigrations}); tests pass their own. */
  migrations?: readonly StateMigration[];
  /** Import state.json and selects.json left by earlier versions (default true). */
  importLegacy?: boolean;
}

/**
 * Opens (or creates) DARKROOM_HOME/state.db, applies pending migrations and, once, imports the lowdb files of
 * earlier versions. Throws STATE_UNAVAILABLE (catchable: search does not need this store) when the file is
 * unreadable, not a database, or corrupt.
 */
export function openStateStore(home: string, options: OpenStateOptions = {}): StateStore {
  const file = path.join(path.resolve(home), STATE_FILE);
  let db: Database.Database | null = null;
  try {
    // Loaded here, not at import: commands that never touch the state store (search) skip the native module.
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    mkdirSync(path.dirname(file), { recursive: true });
    db = new Sqlite(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`);
    applyMigrations(db, options.migrations ?? stateMigrations);
  } catch (cause) {
    db?.close();
    throw new DarkroomError(
      'STATE_UNAVAILABLE',
      `The state store ${file} cannot be opened (${(cause as Error).message}). Answers, conversations, selects and search are unavailable (search refuses while the restrictions kept there cannot be read); playback works. Run \`darkroom check\`; put back a copy from your own backup, or move it (with its -wal and -shm files) away to start an empty one (its restrictions, withdrawal records and users are then gone: re-apply them).`,
      { cause },
    );
  }
  const opened = db;
  const write = <T>(fn: (d: Database.Database) => T): T => {
    if (opened.inTransaction) return fn(opened);
    return opened.transaction(() => fn(opened)).immediate();
  };
  if (options.importLegacy !== false) importLegacyState(path.dirname(file), write);
  return {
    file,
    db: opened,
    write,
    scrub({ vacuum = false } = {}) {
      if (vacuum) opened.exec('VACUUM');
      // A reader in the middle of a read keeps the log's frames: try a few times (each waits busy_timeout).
      for (let attempt = 1; ; attempt++) {
        const [result] = opened.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
        if (!result || result.busy === 0) return;
        if (attempt >= 3) throw new DarkroomError('STORE_FAILED', `The write-ahead log of ${file} could not be emptied (another process kept reading it). Run the command again once it is idle.`);
      }
    },
    close() {
      if (opened.open) opened.close();
    },
  };
}

/** Applies, in id order, each migration not yet recorded in `schema_migrations`, one transaction each. */
export function applyMigrations(db: Database.Database, migrations: readonly StateMigration[]): number[] {
  const ids = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.id) || m.id < 1 || ids.has(m.id)) throw new Error(`state migration ${m.name} has a bad or duplicate id ${m.id}`);
    ids.add(m.id);
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied: number[] = [];
  const isApplied = db.prepare<[number], { id: number }>('SELECT id FROM schema_migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (isApplied.get(m.id)) continue;
    // Another process may apply it between our check and our lock: check again under the write lock.
    db.transaction(() => {
      if (isApplied.get(m.id)) return;
      m.up(db);
      record.run(m.id, m.name, new Date().toISOString());
      applied.push(m.id);
    }).immediate();
  }
  return applied;
}
