/**
 * `darkroom withdraw` (consent withdrawn: the material goes and never comes back by re-ingesting) and the purge
 * shared with `darkroom remove`. Both first complete any purge an earlier run left unfinished.
 */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import type { PurgeDeps, PurgeReport } from '../../core/consent/purge.ts';
import type { PurgePlan } from '../../core/consent/purge-plan.ts';
import { DarkroomError } from '../../core/errors.ts';
import type { Runtime } from '../../core/runtime.ts';
import type { WriterLockOptions } from '../../core/store/writer-lock.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';

export function withdrawCommand(): Command {
  return new Command('withdraw')
    .description('Withdraw material whose consent was withdrawn: its passages, vectors, proxies, answers quoting it, selects and exports in the archive folder are erased from disk')
    .argument('[sources...]', 'source ids or file paths')
    .option('-s, --speaker <name>', 'every passage of this speaker (with --corpus)')
    .option('-c, --corpus <name>', 'the corpus (required with --speaker)')
    .option('--json', 'print a JSON summary')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (refs: string[], opts: { speaker?: string; corpus?: string; json?: boolean; wait?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const { planSources, planSpeaker } = await import('../../core/consent/purge-plan.ts');
        if (opts.speaker !== undefined && refs.length > 0) throw new DarkroomError('INPUT_INVALID', 'Give either sources or --speaker, not both. Run `darkroom withdraw` once for each.');
        if (opts.speaker !== undefined && !opts.corpus) throw new DarkroomError('INPUT_INVALID', `--speaker needs --corpus: the corpus where "${opts.speaker}" speaks. \`darkroom sources\` lists the corpora.`);
        if (opts.speaker === undefined && refs.length === 0) throw new DarkroomError('INPUT_INVALID', 'Name what to withdraw: source ids or paths (`darkroom sources --corpus <name>` lists them), or --speaker "<name>" --corpus <name>.');
        return runPurge(rt, { json: opts.json, lock: lockOptionsFrom(opts) }, async () =>
          opts.speaker !== undefined ? planSpeaker(rt.archive, opts.speaker, opts.corpus as string) : planSources(rt.archive, rt.state(), refs, { action: 'withdraw', corpus: opts.corpus }),
        );
      });
    });
}

/**
 * Completes unfinished purges, then plans and runs this one, printing what was erased. Shared by `remove`.
 * The plan is made after the unfinished purges are completed, so that a rerun of a killed withdrawal finds its
 * sources already withdrawn instead of unknown.
 */
export async function runPurge(rt: Runtime, options: { json?: boolean | undefined; lock: Omit<WriterLockOptions, 'purpose'> }, plan: () => Promise<PurgePlan>): Promise<void> {
  const [{ purgeMaterial, resumePurges }, { withWriterLock }] = await Promise.all([import('../../core/consent/purge.ts'), import('../../core/store/writer-lock.ts')]);
  const json = options.json;
  // The archive's writer lock (no ingest, reembed or other purge meanwhile): the scrub removes unreferenced files.
  const deps: PurgeDeps = { archive: rt.archive, state: rt.state(), withLock: (fn) => withWriterLock(rt.archive.home, { ...options.lock, purpose: 'purge' }, fn) };
  const reports: PurgeReport[] = await resumePurges(deps);
  const planned = await plan();
  if (planned.sourceIds.length > 0) reports.push(await purgeMaterial(deps, planned));
  if (json) return void process.stdout.write(JSON.stringify({ reports, already_withdrawn: planned.alreadyWithdrawn }, null, 2) + '\n');
  for (const r of reports) {
    const verb = r.action === 'withdraw' ? 'withdrew' : 'removed';
    process.stdout.write(`${r.resumed ? `completed an interrupted purge (#${r.id}, started ${r.at}): ` : ''}${verb} ${r.passages} passages; ${r.answers} answers became tombstones in ${r.conversations} conversations; ${r.selects} selects and ${r.files.length} files removed\n`);
    for (const f of r.files) process.stdout.write(`  ${f}\n`);
  }
  for (const s of planned.sources) process.stdout.write(`${planned.action === 'withdraw' ? 'withdrawn' : 'removed'}: ${s.corpus}: ${s.path}${planned.speaker ? ` (passages of ${planned.speaker})` : ''}\n`);
  for (const w of planned.alreadyWithdrawn) process.stdout.write(`already withdrawn on ${w.at.slice(0, 10)}: ${w.ref}\n`);
  if (reports.length > 0) process.stdout.write('old archive versions, index files and the state store\'s log cleaned: the erased text is gone from the archive folder\n');
}
