/**
 * Every migration of the state store, in one list. To add one: write `NNN-name.ts` in this folder exporting a
 * {@link StateMigration} with a new id (consent 1-99, access 100-199, moments/speakers 200-299), and add it below. See
 * /work/coord/STORE.md and docs/server.md ("State store").
 */
import { answersMigration } from './001-answers.ts';
import { selectsMigration } from './002-selects.ts';
import { consentMigration } from './003-consent.ts';
import { accessMigration } from './100-access.ts';
import { auditMigration } from './101-audit.ts';
import { speakersMigration } from './200-speakers.ts';
import type { StateMigration } from './types.ts';

export type { StateMigration } from './types.ts';

export const stateMigrations: readonly StateMigration[] = [answersMigration, selectsMigration, consentMigration, accessMigration, auditMigration, speakersMigration];
