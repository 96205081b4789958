/**
 * The audit trail (table `audit`, migration 101): who signed in or failed to, who asked what in which
 * corpus, which sources were retrieved, cited, opened, played, exported, ingested, withdrawn, and every change
 * of users, grants, tokens and restrictions.
 *
 * Append-only and tamper-evident: each entry's `hash` is sha256 over the previous entry's hash and every
 * column of the entry except the free-text `payload` (a question, a search), which is covered through
 * `payload_hash = sha256(salt, payload)` with a random salt per entry. The consent purge blanks payloads
 * that quote withdrawn words ({@link redactAudit}); the chain still verifies ({@link verifyAudit}). `details`
 * holds ids and counts only, never words.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { PurgeScope, WithdrawalFact } from '../purge-hooks.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditInput {
  /** Who: a user name, `local` (the desk tool or the CLI), or null (unknown, e.g. a failed sign-in). */
  actor: string | null;
  via?: string | null | undefined;
  /** What, e.g. `login`, `ask`, `source.play`, `users.add`. */
  action: string;
  outcome?: AuditOutcome | undefined;
  corpus?: string | null | undefined;
  /** The id acted on: an answer, a source, a user name, a token id. */
  target?: string | null | undefined;
  /** Ids and counts only (retrieved and cited source ids, an export format), never words. */
  details?: Record<string, unknown> | null | undefined;
  /** Free text the purge may redact: a question, a search query. */
  payload?: string | null | undefined;
  /** ISO time; default now. */
  at?: string | undefined;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  via: string | null;
  action: string;
  outcome: AuditOutcome;
  corpus: string | null;
  target: string | null;
  details: Record<string, unknown> | null;
  payload: string | null;
  redacted: boolean;
  hash: string;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string | null;
  via: string | null;
  action: string;
  outcome: string;
  corpus: string | null;
  target: string | null;
  details: string | null;
  payload: string | null;
  payload_salt: string | null;
  payload_hash: string | null;
  redacted: number;
  prev_hash: string;
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash of a payload with its salt. */
export function hashPayload(salt: string, payload: string): string {
  return sha256(`${salt}\u0000${payload}`);
}

/** The chained hash of an entry: every column but the payload itself, and the previous hash. */
export function hashEntry(row: Omit<AuditRow, 'hash' | 'payload' | 'payload_salt' | 'redacted'>): string {
  return sha256(JSON.stringify([row.prev_hash, row.seq, row.at, row.actor, row.via, row.action, row.outcome, row.corpus, row.target, row.details, row.payload_hash]));
}

/**
 * Appends one entry. Call it inside the state store's write transaction (`state.write`), so that two
 * processes never chain onto the same previous entry. Returns the entry's seq.
 */
export function appendAudit(db: Database, input: AuditInput): number {
  const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const payload = input.payload ?? null;
  const salt = payload === null ? null : randomBytes(16).toString('hex');
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    via: input.via ?? null,
    action: input.action,
    outcome: input.outcome ?? 'ok',
    corpus: input.corpus ?? null,
    target: input.target ?? null,
    details: input.details ? JSON.stringify(input.details) : null,
    payload_hash: payload === null || salt === null ? null : hashPayload(salt, payload),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashEntry(row);
  db.prepare(
    `INSERT INTO audit (seq, at, actor, via, action, outcome, corpus, target, details, payload, payload_salt, payload_hash, redacted, prev_hash, hash)
     VALUES (@seq, @at, @actor, @via, @action, @outcome, @corpus, @target, @details, @payload, @salt, @payload_hash, 0, @prev_hash, @hash)`,
  ).run({ ...row, payload, salt, hash });
  return row.seq;
}

export interface AuditFilter {
  /** A user name (the actor). */
  user?: string | undefined;
  corpus?: string | undefined;
  /** ISO time or date: entries at or after it. */
  since?: string | undefined;
  /** Newest entries kept when over (default 1000). */
  limit?: number | undefined;
}

/** Entries matching the filter, oldest first (the newest `limit` of them). */
export function listAudit(db: Database, filter: AuditFilter = {}): AuditEntry[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit ?? 1000 };
  if (filter.user !== undefined) {
    where.push('actor = @user COLLATE NOCASE');
    params.user = filter.user;
  }
  if (filter.corpus !== undefined) {
    where.push('corpus = @corpus');
    params.corpus = filter.corpus;
  }
  if (filter.since !== undefined) {
    where.push('at >= @since');
    params.since = filter.since;
  }
  const rows = db.prepare(`SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`).all(params) as AuditRow[];
  return rows.reverse().map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    via: r.via,
    action: r.action,
    outcome: r.outcome as AuditOutcome,
    corpus: r.corpus,
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    payload: r.payload,
    redacted: r.redacted === 1,
    hash: r.hash,
  }));
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The last entry's hash: note it somewhere else to detect a truncated trail later. */
  head: string;
  /** The first entry that does not verify, and why. */
  firstBad: { seq: number; reason: string } | null;
}

/** Walks the whole chain and reports the first entry whose content, payload or link does not match. */
export function verifyAudit(db: Database): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    entries += 1;
    const bad = (reason: string): AuditVerification => ({ ok: false, entries, head: prev, firstBad: { seq: row.seq, reason } });
    if (row.seq !== expectedSeq) return bad(`entry ${expectedSeq} is missing (the next one is ${row.seq})`);
    if (row.prev_hash !== prev) return bad('it does not chain onto the entry before it (an entry before was replaced or removed)');
    if (hashEntry(row) !== row.hash) return bad('its content was changed after it was written');
    if (row.payload !== null) {
      if (row.payload_salt === null || row.payload_hash === null || hashPayload(row.payload_salt, row.payload) !== row.payload_hash) return bad('its payload (question or query) was changed after it was written');
    } else if (row.payload_hash !== null && row.redacted !== 1) {
      return bad('its payload was removed without being marked as redacted');
    }
    prev = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries, head: prev, firstBad: null };
}

/**
 * Blanks the payloads the purge names: entries about a tombstoned answer, and any payload quoting a
 * withdrawn text. The chain stays verifiable (it covers payload hashes, not payloads). Returns how many.
 */
export function redactAudit(db: Database, scope: Pick<PurgeScope, 'answerIds' | 'texts' | 'sourceIds'>): number {
  const redact = db.prepare('UPDATE audit SET payload = NULL, redacted = 1 WHERE seq = ?');
  let count = 0;
  const texts = scope.texts.map((t) => t.trim().toLowerCase()).filter((t) => t.length >= 4);
  const answers = new Set(scope.answerIds);
  const sources = new Set(scope.sourceIds);
  for (const row of db.prepare('SELECT seq, target, details, payload FROM audit WHERE payload IS NOT NULL').all() as Array<Pick<AuditRow, 'seq' | 'target' | 'details' | 'payload'>>) {
    const payload = (row.payload ?? '').toLowerCase();
    const details = row.details ? (JSON.parse(row.details) as { cited?: unknown; retrieved?: unknown }) : {};
    const touched = [details.cited, details.retrieved].some((ids) => Array.isArray(ids) && ids.some((id) => sources.has(String(id))));
    if ((row.target !== null && answers.has(row.target)) || touched || texts.some((t) => payload.includes(t))) {
      redact.run(row.seq);
      count += 1;
    }
  }
  return count;
}

/** The purge's withdrawal, as an audit entry: the fact (ids, count, date), never the words. */
export function recordWithdrawal(db: Database, fact: WithdrawalFact): void {
  appendAudit(db, { actor: fact.actor ?? 'local', action: `source.${fact.action}`, corpus: fact.corpus, target: fact.sourceIds.length === 1 ? (fact.sourceIds[0] ?? null) : null, details: { sources: fact.sourceIds, passages: fact.passages }, at: fact.at });
}
