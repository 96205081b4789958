/**
 * What other state (core/access's audit trail) does when material is purged: each hook runs inside the purge's
 * transaction on the state store, so a purge and its redactions commit together or not at all. Modules register
 * here statically (one import and one line), so the purge never imports them by name.
 */
import type { Database } from 'better-sqlite3';
import { recordWithdrawal, redactAudit } from './access/audit.ts';

/** What a purge (withdrawal or removal) takes out. Ids only, plus the texts to redact where quoted. */
export interface PurgeScope {
  /** The corpus of a speaker withdrawal, else undefined. */
  corpus?: string;
  sourceIds: string[];
  passageIds: string[];
  /** Answers tombstoned by this purge. */
  answerIds: string[];
  /** Withdrawn passages' texts and tombstoned questions: redact any payload quoting them. Never store these. */
  texts: string[];
  /** ISO time of the purge. */
  at: string;
}

/** A withdrawal as the audit trail may keep it: the fact, never the words. */
export interface WithdrawalFact {
  actor: string | null;
  /** `withdraw` or `remove`. */
  action: 'withdraw' | 'remove';
  corpus: string | null;
  sourceIds: string[];
  passages: number;
  at: string;
}

export const purgeHooks: {
  redact: Array<(db: Database, scope: PurgeScope) => void>;
  recordWithdrawal: Array<(db: Database, fact: WithdrawalFact) => void>;
} = {
  // The audit trail (core/access): blank the payloads quoting what is purged; keep the fact of a withdrawal.
  redact: [redactAudit],
  recordWithdrawal: [recordWithdrawal],
};
