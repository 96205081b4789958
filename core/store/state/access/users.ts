/**
 * People and their per-corpus grants (tables `users`, `grants`, migration 100). Every change is written
 * with its audit entry in the same transaction. Passwords are hashed with core/access/passwords.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { checkNewPassword, hashPassword, verifyPassword } from '../../../access/passwords.ts';
import { isRole, type Role } from '../../../access/types.ts';
import { DarkroomError } from '../../../errors.ts';
import type { StateStore } from '../open-state.ts';
import { appendAudit } from './audit.ts';
import { revokeUserSessions, revokeUserTokens } from './credentials.ts';

/** A user name: letters, digits and . _ @ -, up to 64 characters. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface UserInfo {
  id: string;
  name: string;
  role: Role;
  /** Granted corpora, sorted (an admin reads every corpus whatever is granted). */
  corpora: string[];
  created_at: string;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

function checkName(name: string): void {
  if (!USER_NAME.test(name)) throw new DarkroomError('INPUT_INVALID', `"${name}" is not a usable user name: use letters, digits and . _ @ - (up to 64 characters), starting with a letter or digit.`);
}

function checkRole(role: string): asserts role is Role {
  if (!isRole(role)) throw new DarkroomError('INPUT_INVALID', `"${role}" is not a role. Use admin, editor or viewer (docs/access.md says what each may do).`);
}

function checkCorpus(corpus: string): void {
  if (corpus.trim() === '' || corpus.length > 64) throw new DarkroomError('INPUT_INVALID', `"${corpus}" is not a corpus name (1 to 64 characters).`);
}

function corporaOf(db: Database, userId: string): string[] {
  return (db.prepare('SELECT corpus FROM grants WHERE user_id = ? ORDER BY corpus').all(userId) as Array<{ corpus: string }>).map((r) => r.corpus);
}

function toInfo(db: Database, row: UserRow): UserInfo {
  return { id: row.id, name: row.name, role: row.role, corpora: corporaOf(db, row.id), created_at: row.created_at };
}

function rowByName(db: Database, name: string): UserRow | undefined {
  return db.prepare('SELECT id, name, role, password_hash, created_at FROM users WHERE name = ? COLLATE NOCASE').get(name) as UserRow | undefined;
}

function requireUser(db: Database, name: string): UserRow {
  const row = rowByName(db, name);
  if (!row) throw new DarkroomError('NOT_FOUND', `No user named "${name}". \`darkroom users list\` lists them.`);
  return row;
}

function adminsBesides(db: Database, userId: string): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND id <> ?").get(userId) as { n: number }).n;
}

/** A hash of a random password nobody knows: unknown user names are checked against it, so they take as long as wrong passwords. */
let decoy: Promise<string> | null = null;

export interface UserDirectory {
  count(): number;
  countAdmins(): number;
  list(): UserInfo[];
  get(name: string): UserInfo | null;
  byId(id: string): UserInfo | null;
  add(input: { name: string; role: string; password: string; actor: string }): Promise<UserInfo>;
  remove(name: string, actor: string): void;
  setPassword(name: string, password: string, actor: string): Promise<void>;
  setRole(name: string, role: string, actor: string): UserInfo;
  grant(name: string, corpora: string[], actor: string): UserInfo;
  /** Takes grants back; with no corpus named, every grant of the user. */
  revoke(name: string, corpora: string[], actor: string): UserInfo;
  /**
   * The user whose name and password match, else null, in the same time either way (an unknown name is
   * checked against a decoy hash) so that a sign-in does not reveal which names exist.
   */
  verify(name: string, password: string): Promise<UserInfo | null>;
}

export function createUserDirectory(state: StateStore): UserDirectory {
  const { db } = state;
  // Made now, so that the first unknown name takes no longer than the others.
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  decoy.catch(() => undefined);
  return {
    count: () => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n,
    countAdmins: () => (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as { n: number }).n,
    list: () => (db.prepare('SELECT id, name, role, password_hash, created_at FROM users ORDER BY name COLLATE NOCASE').all() as UserRow[]).map((r) => toInfo(db, r)),
    get(name) {
      const row = rowByName(db, name);
      return row ? toInfo(db, row) : null;
    },
    byId(id) {
      const row = db.prepare('SELECT id, name, role, password_hash, created_at FROM users WHERE id = ?').get(id) as UserRow | undefined;
      return row ? toInfo(db, row) : null;
    },
    async add({ name, role, password, actor }) {
      checkName(name);
      checkRole(role);
      const weak = checkNewPassword(password);
      if (weak) throw new DarkroomError('INPUT_INVALID', weak);
      const hash = await hashPassword(password);
      return state.write((tx) => {
        if (rowByName(tx, name)) throw new DarkroomError('INPUT_INVALID', `A user named "${name}" already exists. Pick another name, or change theirs with \`darkroom users passwd ${name}\`.`);
        const now = new Date().toISOString();
        const id = `usr_${randomBytes(6).toString('hex')}`;
        tx.prepare('INSERT INTO users (id, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, name, role, hash, now, now);
        appendAudit(tx, { actor, action: 'users.add', target: name, details: { role } });
        return toInfo(tx, requireUser(tx, name));
      });
    },
    remove(name, actor) {
      state.write((tx) => {
        const row = requireUser(tx, name);
        if (row.role === 'admin' && adminsBesides(tx, row.id) === 0) throw new DarkroomError('INPUT_INVALID', `"${row.name}" is the last admin. Make someone else admin first (\`darkroom users add <name> --role admin\`).`);
        tx.prepare('DELETE FROM grants WHERE user_id = ?').run(row.id);
        revokeUserSessions(tx, row.id);
        revokeUserTokens(tx, row.id);
        tx.prepare('DELETE FROM users WHERE id = ?').run(row.id);
        appendAudit(tx, { actor, action: 'users.remove', target: row.name });
      });
    },
    async setPassword(name, password, actor) {
      const weak = checkNewPassword(password);
      if (weak) throw new DarkroomError('INPUT_INVALID', weak);
      const hash = await hashPassword(password);
      state.write((tx) => {
        const row = requireUser(tx, name);
        tx.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, new Date().toISOString(), row.id);
        const sessions = revokeUserSessions(tx, row.id);
        appendAudit(tx, { actor, action: 'users.passwd', target: row.name, details: { sessions_revoked: sessions } });
      });
    },
    setRole(name, role, actor) {
      checkRole(role);
      return state.write((tx) => {
        const row = requireUser(tx, name);
        if (row.role === 'admin' && role !== 'admin' && adminsBesides(tx, row.id) === 0) throw new DarkroomError('INPUT_INVALID', `"${row.name}" is the last admin and cannot stop being one. Make someone else admin first.`);
        tx.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(role, new Date().toISOString(), row.id);
        appendAudit(tx, { actor, action: 'users.role', target: row.name, details: { from: row.role, to: role } });
        return toInfo(tx, requireUser(tx, name));
      });
    },
    grant(name, corpora, actor) {
      corpora.forEach(checkCorpus);
      if (corpora.length === 0) throw new DarkroomError('INPUT_INVALID', `Name the corpora to grant: \`darkroom users grant ${name} <corpus…>\`.`);
      return state.write((tx) => {
        const row = requireUser(tx, name);
        const now = new Date().toISOString();
        const insert = tx.prepare('INSERT OR IGNORE INTO grants (user_id, corpus, granted_at) VALUES (?, ?, ?)');
        for (const corpus of corpora) {
          if (insert.run(row.id, corpus, now).changes > 0) appendAudit(tx, { actor, action: 'grants.add', corpus, target: row.name });
        }
        return toInfo(tx, row);
      });
    },
    revoke(name, corpora, actor) {
      corpora.forEach(checkCorpus);
      return state.write((tx) => {
        const row = requireUser(tx, name);
        const names = corpora.length > 0 ? corpora : corporaOf(tx, row.id);
        const del = tx.prepare('DELETE FROM grants WHERE user_id = ? AND corpus = ?');
        for (const corpus of names) {
          if (del.run(row.id, corpus).changes > 0) appendAudit(tx, { actor, action: 'grants.revoke', corpus, target: row.name });
        }
        return toInfo(tx, row);
      });
    },
    async verify(name, password) {
      const row = USER_NAME.test(name) ? rowByName(db, name) : undefined;
      decoy ??= hashPassword(randomBytes(24).toString('base64url'));
      const ok = await verifyPassword(password, row?.password_hash ?? (await decoy));
      return row && ok ? toInfo(db, row) : null;
    },
  };
}
