/**
 * `darkroom audit`: the audit trail (docs/access.md, "What is logged").
 *   audit [--user <name>] [--corpus <name>] [--since <date>] [--limit <n>] [--json]
 *   audit verify [--json]   walks the hash chain and names the first altered entry (exit 1)
 */
import { Command } from 'commander';
import { withStateStore } from './state-command.ts';

export function auditCommand(): Command {
  const audit = new Command('audit')
    .description('The audit trail: sign-ins, questions, sources opened, played and exported, changes of people, grants and tokens')
    .option('--user <name>', 'only what this user did')
    .option('--corpus <name>', 'only this corpus')
    .option('--since <date>', 'only from this date or time on (ISO, e.g. 2026-12-01 or 2026-12-01T09:00)')
    .option('--limit <n>', 'the newest n entries (default 1000)', '1000')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; corpus?: string; since?: string; limit: string; json?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const [{ listAudit }, { DarkroomError }] = await Promise.all([import('../../core/store/state/access/audit.ts'), import('../../core/errors.ts')]);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new DarkroomError('INPUT_INVALID', `--limit must be a whole number from 1 (got "${opts.limit}").`);
        if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) throw new DarkroomError('INPUT_INVALID', `--since "${opts.since}" is not a date: use e.g. 2026-12-01 or 2026-12-01T09:00.`);
        const since = opts.since === undefined ? undefined : new Date(Date.parse(opts.since)).toISOString();
        const entries = listAudit(state.db, { user: opts.user, corpus: opts.corpus, since, limit });
        if (opts.json) {
          process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
          return;
        }
        if (entries.length === 0) process.stdout.write('No entry.\n');
        for (const e of entries) {
          const what = [e.action, e.outcome === 'ok' ? '' : `(${e.outcome})`, e.corpus ? `corpus ${e.corpus}` : '', e.target ?? '', e.redacted ? '[redacted]' : e.payload ? JSON.stringify(e.payload) : '', e.details ? JSON.stringify(e.details) : '']
            .filter(Boolean)
            .join(' ');
          process.stdout.write(`${String(e.seq).padStart(6)} ${e.at} ${(e.actor ?? '-').padEnd(14)} ${what}\n`);
        }
      });
    });

  audit
    .command('verify')
    .description('Check the hash chain: reports the first entry that was altered, removed or reordered (exit 1)')
    .option('--json', 'print JSON')
    .action(async (_opts: { json?: boolean }, command: Command) => {
      // `--json` may be taken by the parent `audit` command: read it with the globals.
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      await withStateStore(command, async (state) => {
        const { verifyAudit } = await import('../../core/store/state/access/audit.ts');
        const result = verifyAudit(state.db);
        if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else if (result.ok) process.stdout.write(`The audit trail verifies: ${result.entries} entries, head ${result.head}.\n`);
        else process.stdout.write(`The audit trail does NOT verify: entry ${result.firstBad?.seq} — ${result.firstBad?.reason}.\n`);
        return result.ok ? 0 : 1;
      });
    });
  return audit;
}
