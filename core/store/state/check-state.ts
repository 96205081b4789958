/**
 * Verifies the state store without changing it (for `darkroom check` and a degraded server's health): opened
 * read-only, SQLite's own `integrity_check` (or the faster `quick_check`), the migrations not applied yet, and
 * purges left unfinished (a withdrawal killed halfway: material may still be in the archive).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { STATE_FILE } from './open-state.ts';
import { stateMigrations } from './migrations/index.ts';

export interface StateCheck {
  file: string;
  /** False when there is no state.db yet (nothing was asked, selected or withdrawn). */
  exists: boolean;
  /** Null when the store reads and SQLite finds nothing wrong; else what is wrong, in SQLite's words. */
  error: string | null;
  /** Migrations known to this version and not applied yet (applied at the next open for writing). */
  pendingMigrations: string[];
  /** Purges started and not finished: their ids, action, source ids and start time. */
  unfinishedPurges: Array<{ id: number; action: string; sourceIds: string[]; startedAt: string }>;
}

/** Reads DARKROOM_HOME/state.db read-only and reports what is wrong with it. `quick`: quick_check instead of integrity_check. */
export function checkStateStore(home: string, options: { quick?: boolean } = {}): StateCheck {
  const file = path.join(path.resolve(home), STATE_FILE);
  const result: StateCheck = { file, exists: existsSync(file), error: null, pendingMigrations: [], unfinishedPurges: [] };
  if (!result.exists) return result;
  let db: Database.Database | null = null;
  try {
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(options.quick ? 'quick_check' : 'integrity_check') as Array<Record<string, string>>;
    const messages = rows.map((r) => Object.values(r)[0] ?? '').filter((m) => m !== 'ok');
    if (messages.length > 0) {
      result.error = messages.slice(0, 5).join('; ') + (messages.length > 5 ? ` (and ${messages.length - 5} more)` : '');
      return result;
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    const applied = tables.has('schema_migrations') ? new Set((db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id)) : new Set<number>();
    result.pendingMigrations = stateMigrations.filter((m) => !applied.has(m.id)).map((m) => `${m.id}-${m.name}`);
    if (tables.has('purges')) {
      const pending = db.prepare('SELECT id, action, source_ids, started_at FROM purges WHERE finished_at IS NULL ORDER BY id').all() as Array<{ id: number; action: string; source_ids: string; started_at: string }>;
      result.unfinishedPurges = pending.map((p) => ({ id: p.id, action: p.action, sourceIds: safeIds(p.source_ids), startedAt: p.started_at }));
    }
  } catch (cause) {
    result.error = (cause as Error).message;
  } finally {
    db?.close();
  }
  return result;
}

function safeIds(json: string): string[] {
  try {
    const ids = JSON.parse(json) as unknown;
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}
