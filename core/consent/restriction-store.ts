/**
 * Restrictions in the state store (`restrictions`, migration 003): add, list, clear, and the ones active today.
 * Every change is one write transaction with its audit entry (`restriction.add` / `restriction.remove`, ids,
 * times, pages and dates only: never a word of the material).
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../store/state/access/audit.ts';
import type { StateStore } from '../store/state/open-state.ts';
import { isActive, restrictionKind, utcDay, type Restriction } from './restrictions.ts';

/** A new restriction: a time range, pages, or neither (the whole source), optionally until a date. */
export interface RestrictionInput {
  source_id: string;
  corpus: string;
  start_s?: number | null | undefined;
  end_s?: number | null | undefined;
  first_page?: number | null | undefined;
  last_page?: number | null | undefined;
  until?: string | null | undefined;
}

/** Who changed a restriction, for the audit trail: a user name, or `local` (the CLI). */
export interface RestrictionActor {
  actor: string | null;
  via?: string | null | undefined;
}

const COLUMNS = 'id, source_id, corpus, start_s, end_s, first_page, last_page, until, created_at';

/** Stores a restriction and audits it; returns it as stored. */
export function addRestriction(state: StateStore, input: RestrictionInput, who: RestrictionActor): Restriction {
  return state.write((db) => {
    const created_at = new Date().toISOString();
    const row = {
      source_id: input.source_id,
      corpus: input.corpus,
      start_s: input.start_s ?? null,
      end_s: input.end_s ?? null,
      first_page: input.first_page ?? null,
      last_page: input.last_page ?? null,
      until: input.until ?? null,
      created_at,
    };
    const { lastInsertRowid } = db
      .prepare('INSERT INTO restrictions (source_id, corpus, start_s, end_s, first_page, last_page, until, created_at) VALUES (@source_id, @corpus, @start_s, @end_s, @first_page, @last_page, @until, @created_at)')
      .run(row);
    const stored: Restriction = { id: Number(lastInsertRowid), ...row };
    auditChange(db, 'restriction.add', stored, who);
    return stored;
  });
}

/** Restrictions, oldest first: of one source, or of one corpus, or all; lapsed embargoes included unless `activeOn` is given. */
export function listRestrictions(db: Database, filter: { sourceId?: string | undefined; corpus?: string | undefined; activeOn?: string | undefined } = {}): Restriction[] {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (filter.sourceId !== undefined) {
    where.push('source_id = @source');
    params.source = filter.sourceId;
  }
  if (filter.corpus !== undefined) {
    where.push('corpus = @corpus');
    params.corpus = filter.corpus;
  }
  if (filter.activeOn !== undefined) {
    where.push('(until IS NULL OR until > @day)');
    params.day = filter.activeOn;
  }
  return db.prepare(`SELECT ${COLUMNS} FROM restrictions${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(params) as Restriction[];
}

/** The restrictions in force today (UTC): an embargo whose date has come is left out, so its material is back. */
export function activeRestrictions(db: Database, day: string = utcDay()): Restriction[] {
  return listRestrictions(db, { activeOn: day }).filter((r) => isActive(r, day));
}

/** Clears restrictions of a source (all of them, or the ones with these ids) and audits each; returns those cleared. */
export function clearRestrictions(state: StateStore, sourceId: string, ids: readonly number[] | null, who: RestrictionActor): Restriction[] {
  return state.write((db) => {
    const cleared = listRestrictions(db, { sourceId }).filter((r) => ids === null || ids.includes(r.id));
    const remove = db.prepare('DELETE FROM restrictions WHERE id = ?');
    for (const r of cleared) {
      remove.run(r.id);
      auditChange(db, 'restriction.remove', r, who);
    }
    return cleared;
  });
}

function auditChange(db: Database, action: string, r: Restriction, who: RestrictionActor): void {
  appendAudit(db, {
    actor: who.actor,
    via: who.via ?? null,
    action,
    corpus: r.corpus,
    target: r.source_id,
    details: { id: r.id, kind: restrictionKind(r), start_s: r.start_s, end_s: r.end_s, first_page: r.first_page, last_page: r.last_page, until: r.until },
  });
}
