/**
 * `darkroom check`: verifies the whole archive folder read-only (apart from fingerprinting files it sees for
 * the first time) and reports each problem with what it means and the command that fixes it. See
 * docs/operations.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkStateStore } from '../state/check-state.ts';
import { describeHolder, readWriterLock } from '../writer-lock.ts';
import { checkFiles } from './check-files.ts';
import { checkSources } from './check-sources.ts';
import { checkTables } from './check-tables.ts';
import { statusOf, type CheckReport, type Finding } from './findings.ts';

export interface CheckOptions {
  /** Faster: quick_check for state.db, no full table scan, old versions not read, source files not re-hashed. */
  quick?: boolean;
  /** Skip the source files (a check of the archive folder alone, e.g. while the media drive is not mounted). */
  skipSources?: boolean;
  /** Fingerprint files seen for the first time (default true). */
  record?: boolean;
}

/** Checks the archive in `home` and returns the report (never throws for damage: damage is a finding). */
export async function checkArchive(home: string, options: CheckOptions = {}): Promise<CheckReport> {
  const abs = path.resolve(home);
  const findings: Finding[] = [];
  const lock = readWriterLock(abs);
  const writerActive = lock !== null && !lock.stale;
  if (lock?.stale) {
    findings.push({ code: 'writer-died', severity: 'warning', subject: 'writer.lock', problem: `A writer stopped without finishing: ${describeHolder(lock)}.`, means: 'Its work may be half done (files it wrote are not fingerprinted yet); nothing is locked: the next writer takes the lock over.', fix: `run the same command again (${lock.command || lock.purpose})` });
  } else if (lock) {
    findings.push({ code: 'writer-active', severity: 'info', subject: 'writer.lock', problem: `A writer is at work: ${describeHolder(lock)}.`, means: 'Files it is removing are not reported missing; run the check again when it is done for a full verdict.', fix: null });
  }
  checkMeta(abs, findings);

  const tables = await checkTables(abs, { quick: options.quick });
  findings.push(...tables.findings);
  const files = await checkFiles(abs, { writerActive, record: options.record !== false });
  findings.push(...files.findings);

  const state = checkStateStore(abs, { quick: options.quick });
  if (state.error !== null) {
    findings.push({
      code: 'state-damaged',
      severity: 'damaged',
      subject: 'state.db',
      problem: `The state store cannot be read: ${state.error}.`,
      means: 'Answers, conversations, selects, users and sign-in, withdrawals and restrictions are unavailable, so search refuses too; playback still works (`darkroom serve` starts degraded, loopback only).',
      fix: `restore state.db from your last backup of the archive folder; with none, move ${state.file} (and its -wal and -shm files) away: an empty one is made at the next start, and what it held is lost`,
    });
  } else if (state.exists) {
    if (state.pendingMigrations.length > 0) {
      findings.push({ code: 'state-migrations', severity: 'info', subject: 'state.db', problem: `Migrations not applied yet: ${state.pendingMigrations.join(', ')}.`, means: 'Applied at the next start of a command that writes state.', fix: null });
    }
    for (const p of state.unfinishedPurges) {
      findings.push({
        code: 'purge-unfinished',
        severity: 'damaged',
        subject: 'state.db',
        problem: `A ${p.action} started ${p.startedAt} (purge #${p.id}) did not finish.`,
        means: 'Material meant to be erased may still be in the archive files and answers.',
        fix: `darkroom ${p.action} ${p.sourceIds[0] ?? '<source id>'} --home ${abs} (it completes interrupted purges first)`,
      });
    }
  }

  let sources: CheckReport['sources'] = { checked: 0, missing: 0, changed: 0 };
  if (!options.skipSources && tables.sources) {
    const checked = await checkSources(tables.sources, { quick: options.quick });
    sources = { checked: checked.checked, missing: checked.missing, changed: checked.changed };
    findings.push(...checked.findings);
  }

  const order = { damaged: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    home: abs,
    checked_at: new Date().toISOString(),
    status: statusOf(findings),
    tables: tables.tables,
    files: files.files,
    sources,
    state: { exists: state.exists, ok: state.error === null },
    findings,
  };
}

/** archive.json (which embedder made the vectors) must parse. */
function checkMeta(home: string, findings: Finding[]): void {
  const file = path.join(home, 'archive.json');
  if (!existsSync(file)) return;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    findings.push({ code: 'meta-damaged', severity: 'damaged', subject: 'archive.json', problem: `archive.json is not valid JSON (${(err as Error).message}).`, means: 'Every command that opens the archive fails (it records which embedding model made the vectors).', fix: `restore archive.json from your last backup; or delete ${file} and run \`darkroom reembed\`` });
  }
}
