/**
 * The one purge mechanism behind `darkroom withdraw` and `darkroom remove`. In order, each step idempotent and
 * recorded in the state store's `purges` journal, so that a run killed anywhere (or stopped by a full disk) is
 * completed by the next `withdraw` or `remove`, and nothing is reported erased before every step is done:
 *
 * 1. state: answers that retrieved or quoted the material become tombstones, its selects go, hooks redact;
 * 2. files: proxies and derivatives named after the sources, exports in the archive folder, legacy backups;
 * 3. archive: the passages (and whole sources' rows) are deleted;
 * 4. archive scrub: compaction, indexes rebuilt in place, every old version and unreferenced file removed;
 * 5. state scrub: VACUUM and a truncating WAL checkpoint (deleted rows were already zeroed: secure_delete).
 *
 * Files and state go before the archive so that the passages' texts are still there to find their quotations.
 */
import type { Archive } from '../store/archive.ts';
import { deleteTarget, scrubArchive } from '../store/archive-purge.ts';
import type { StateStore } from '../store/state/open-state.ts';
import { purgeHooks } from '../store/state/purge-hooks.ts';
import { purgeState } from './purge-state.ts';
import { textsOf, type PurgePlan } from './purge-plan.ts';
import { scrubFiles } from './scrub-files.ts';

/** Steps in order; a journal row records the last one done. */
export const purgeSteps = ['planned', 'files', 'state', 'deleted', 'compacted', 'finished'] as const;
export type PurgeStep = (typeof purgeSteps)[number];

export interface PurgeDeps {
  archive: Archive;
  state: StateStore;
  /**
   * Runs `fn` holding the archive's writer lock (no ingest, reembed or other purge meanwhile). The scrub removes
   * files no table version references, which would break a concurrent writer's commit.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

export interface PurgeOptions {
  /** Called after each step is recorded (tests stop a run there). */
  onStep?: ((step: PurgeStep) => void) | undefined;
  /** Who asked (core/access user id), for the audit trail. */
  actor?: string | null | undefined;
}

export interface PurgeReport {
  id: number;
  action: 'withdraw' | 'remove';
  passages: number;
  answers: number;
  conversations: number;
  selects: number;
  files: string[];
  at: string;
  /** True when this run completed a purge an earlier run had started. */
  resumed: boolean;
}

interface JournalRow {
  id: number;
  action: 'withdraw' | 'remove';
  corpus: string | null;
  source_ids: string;
  passage_ids: string;
  whole_sources: number;
  started_at: string;
  step: PurgeStep;
}

/** Records the plan in the journal, then runs it to the end. */
export async function purgeMaterial(deps: PurgeDeps, plan: PurgePlan, options: PurgeOptions = {}): Promise<PurgeReport> {
  return deps.withLock(async () => {
    const at = new Date().toISOString();
    const id = deps.state.write((db) => {
      const row = db
        .prepare('INSERT INTO purges (action, corpus, source_ids, passage_ids, whole_sources, started_at, step) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(plan.action, plan.corpus, JSON.stringify(plan.sourceIds), JSON.stringify(plan.passageIds), plan.wholeSources ? 1 : 0, at, 'planned');
      if (plan.action === 'withdraw' && plan.wholeSources) {
        const mark = db.prepare('INSERT OR IGNORE INTO withdrawn_sources (source_id, corpus, withdrawn_at) VALUES (?, ?, ?)');
        for (const s of plan.sources) mark.run(s.id, s.corpus, at);
      }
      return Number(row.lastInsertRowid);
    });
    options.onStep?.('planned');
    return runJournal(deps, journalRow(deps.state, id), { ...options, resumed: false, sourcePaths: plan.sources.map((s) => s.path) });
  });
}

/** Completes every purge an earlier run left unfinished (killed, disk full). Returns their reports. */
export async function resumePurges(deps: PurgeDeps, options: PurgeOptions = {}): Promise<PurgeReport[]> {
  const pending = deps.state.db.prepare('SELECT id FROM purges WHERE finished_at IS NULL ORDER BY id').all() as Array<{ id: number }>;
  if (pending.length === 0) return [];
  return deps.withLock(async () => {
    const reports: PurgeReport[] = [];
    for (const { id } of pending) reports.push(await runJournal(deps, journalRow(deps.state, id), { ...options, resumed: true, sourcePaths: [] }));
    return reports;
  });
}

function journalRow(state: StateStore, id: number): JournalRow {
  return state.db.prepare('SELECT id, action, corpus, source_ids, passage_ids, whole_sources, started_at, step FROM purges WHERE id = ?').get(id) as JournalRow;
}

async function runJournal(deps: PurgeDeps, row: JournalRow, options: PurgeOptions & { resumed: boolean; sourcePaths: string[] }): Promise<PurgeReport> {
  const { archive, state } = deps;
  const target = { sourceIds: JSON.parse(row.source_ids) as string[], passageIds: JSON.parse(row.passage_ids) as string[], wholeSources: row.whole_sources === 1 };
  const at = row.started_at;
  const step = (name: PurgeStep) => {
    state.write((db) => db.prepare(`UPDATE purges SET step = ?${name === 'finished' ? ', finished_at = ?' : ''} WHERE id = ?`).run(...(name === 'finished' ? [name, new Date().toISOString(), row.id] : [name, row.id])));
    options.onStep?.(name);
  };
  const texts = await textsOf(archive, target);
  const sourcePaths = options.sourcePaths.length > 0 ? options.sourcePaths : (await Promise.all(target.sourceIds.map((id) => archive.getSource(id)))).flatMap((s) => (s ? [s.path] : []));

  // 1 + 2: the state store, then files (both find the material by its texts, still in the archive).
  const result = state.write((db) =>
    purgeState(db, { action: row.action, corpus: row.corpus, sourceIds: target.sourceIds, passageIds: target.passageIds, wholeSources: target.wholeSources, texts, at }),
  );
  const files = scrubFiles({ home: archive.home, sourceIds: target.wholeSources ? target.sourceIds : [], sourcePaths: target.wholeSources ? sourcePaths : [], texts, passageIds: target.passageIds, answerIds: result.answerIds });
  step('files');
  // The fact of the purge goes to the audit trail once, even when a rerun completes it.
  if (purgeSteps.indexOf(row.step) < purgeSteps.indexOf('state')) state.write((db) => {
    for (const record of purgeHooks.recordWithdrawal) record(db, { actor: options.actor ?? null, action: row.action, corpus: row.corpus, sourceIds: target.sourceIds, passages: target.passageIds.length, at });
  });
  step('state');

  // 3 + 4: the archive.
  const passages = await deleteTarget(archive, target);
  step('deleted');
  await scrubArchive(archive);
  step('compacted');

  // 5: the state store's files.
  step('finished');
  state.scrub({ vacuum: true });
  return { id: row.id, action: row.action, passages, answers: result.answerIds.length, conversations: result.conversations, selects: result.selects, files: [...files.deleted, ...files.rewritten], at, resumed: options.resumed };
}
