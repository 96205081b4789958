/** The shape of one numbered migration of the state store. */
import type { Database } from 'better-sqlite3';

/**
 * One schema change, applied once, in id order, inside a transaction. Ids are unique and never reused:
 * consent takes 1-99, access 100-199. A migration that ran is recorded in `schema_migrations` and never
 * runs again; one that has not run yet (even with a lower id than the newest applied) runs at the next open.
 */
export interface StateMigration {
  id: number;
  /** Short kebab-case name, kept in `schema_migrations` for humans. */
  name: string;
  up(db: Database): void;
}
