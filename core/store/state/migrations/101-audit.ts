/**
 * Access (issue 11): the audit trail. Append-only (triggers refuse deletes and any change but the
 * redaction of a payload) and tamper-evident: each row's hash covers the previous row's hash and every
 * column but the payload itself, which is covered through its salted hash, so the consent purge can blank a
 * payload (`payload = NULL, redacted = 1`) and the chain still verifies.
 */
import type { StateMigration } from './types.ts';

export const auditMigration: StateMigration = {
  id: 101,
  name: 'audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        via TEXT,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        corpus TEXT,
        target TEXT,
        details TEXT,
        payload TEXT,
        payload_salt TEXT,
        payload_hash TEXT,
        redacted INTEGER NOT NULL DEFAULT 0,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_actor ON audit (actor, seq);
      CREATE INDEX audit_corpus ON audit (corpus, seq);
      CREATE INDEX audit_at ON audit (at);
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      CREATE TRIGGER audit_only_redact BEFORE UPDATE ON audit
        WHEN NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.via IS NOT OLD.via
          OR NEW.action IS NOT OLD.action OR NEW.outcome IS NOT OLD.outcome OR NEW.corpus IS NOT OLD.corpus
          OR NEW.target IS NOT OLD.target OR NEW.details IS NOT OLD.details OR NEW.payload_salt IS NOT OLD.payload_salt
          OR NEW.payload_hash IS NOT OLD.payload_hash OR NEW.prev_hash IS NOT OLD.prev_hash OR NEW.hash IS NOT OLD.hash
          OR (NEW.payload IS NOT NULL AND NEW.payload IS NOT OLD.payload) OR NEW.redacted NOT IN (0, 1)
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: only a payload can be redacted'); END;
    `);
  },
};
