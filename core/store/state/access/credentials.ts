/**
 * Sign-in sessions (browser cookies) and API tokens (edit-suite panels, scripts). Both are random secrets
 * shown once and stored only as sha256 hashes (they are 32 random bytes: a fast hash is enough, unlike a
 * password). Sessions expire and can be revoked; tokens are revoked by hand and keep their last-used time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { StateStore } from '../open-state.ts';
import { appendAudit } from './audit.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** How long a session lasts, in hours, unless DARKROOM_SESSION_HOURS says otherwise. */
export const DEFAULT_SESSION_HOURS = 12;
/** The last-used time of a token is written at most this often (ms), not on every request. */
const LAST_USED_EVERY_MS = 60_000;
/** A token as shown to its user: `drk_` + 8 hex id + `_` + 43-character secret. */
const TOKEN = /^drk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface SessionRecord {
  userId: string;
  /** The hash of the cookie value: the session's id in the store and in socket data. */
  id: string;
  expiresAt: string;
}

/** Creates a session: returns the cookie value (shown once) and when it expires. */
export function createSession(state: StateStore, input: { userId: string; userName: string; hours?: number; address?: string | null }): { value: string; expiresAt: string; id: string } {
  const value = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + (input.hours ?? DEFAULT_SESSION_HOURS) * 3600_000).toISOString();
  const id = sha256(value);
  state.write((db) => {
    db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at, address) VALUES (?, ?, ?, ?, ?)').run(id, input.userId, now.toISOString(), expiresAt, input.address ?? null);
  });
  return { value, expiresAt, id };
}

/** The live session of a cookie value, or null (unknown, revoked or expired). */
export function findSession(db: Database, value: string): SessionRecord | null {
  if (value.length < 20 || value.length > 100) return null;
  const row = db.prepare('SELECT id_hash, user_id, expires_at FROM sessions WHERE id_hash = ? AND revoked_at IS NULL').get(sha256(value)) as { id_hash: string; user_id: string; expires_at: string } | undefined;
  if (!row || row.expires_at <= new Date().toISOString()) return null;
  return { id: row.id_hash, userId: row.user_id, expiresAt: row.expires_at };
}

/** Revokes the session of a cookie value (sign-out). */
export function revokeSession(state: StateStore, value: string): void {
  state.write((db) => db.prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(new Date().toISOString(), sha256(value)));
}

/** Revokes every session of a user (password change, removal). Call inside a write transaction. */
export function revokeUserSessions(db: Database, userId: string): number {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), userId).changes;
}

export interface TokenInfo {
  id: string;
  user: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Creates an API token for a user. The token itself is returned once and never stored. */
export function createToken(state: StateStore, input: { userId: string; userName: string; name: string; actor: string }): { id: string; token: string } {
  const id = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  state.write((db) => {
    db.prepare('INSERT INTO tokens (id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(id, input.userId, input.name, sha256(secret), new Date().toISOString());
    appendAudit(db, { actor: input.actor, action: 'tokens.create', target: id, details: { user: input.userName, name: input.name } });
  });
  return { id, token: `drk_${id}_${secret}` };
}

/** The live token a bearer value names, or null. Keeps its last-used time (written at most once a minute). */
export function findToken(state: StateStore, value: string): { id: string; userId: string } | null {
  const m = TOKEN.exec(value);
  if (!m) return null;
  const [, id, secret] = m as unknown as [string, string, string];
  const row = state.db.prepare('SELECT id, user_id, secret_hash, last_used_at FROM tokens WHERE id = ? AND revoked_at IS NULL').get(id) as { id: string; user_id: string; secret_hash: string; last_used_at: string | null } | undefined;
  if (!row) return null;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const actual = Buffer.from(sha256(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const now = new Date();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > LAST_USED_EVERY_MS) {
    state.write((db) => db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now.toISOString(), row.id));
  }
  return { id: row.id, userId: row.user_id };
}

/** Every token (or one user's), newest first. */
export function listTokens(db: Database, userId?: string): TokenInfo[] {
  const sql = `SELECT t.id, u.name AS user, t.name, t.created_at, t.last_used_at, t.revoked_at FROM tokens t JOIN users u ON u.id = t.user_id ${userId ? 'WHERE t.user_id = ?' : ''} ORDER BY t.created_at DESC`;
  return (userId ? db.prepare(sql).all(userId) : db.prepare(sql).all()) as TokenInfo[];
}

/** Revokes a token by id; false when there is no live token with that id. */
export function revokeToken(state: StateStore, id: string, actor: string): boolean {
  return state.write((db) => {
    const changed = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(new Date().toISOString(), id).changes > 0;
    if (changed) appendAudit(db, { actor, action: 'tokens.revoke', target: id });
    return changed;
  });
}

/** Revokes every token of a user (removal). Call inside a write transaction. */
export function revokeUserTokens(db: Database, userId: string): number {
  return db.prepare('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(new Date().toISOString(), userId).changes;
}
