/** `darkroom sources` and `darkroom remove`: what the archive holds, and taking a source out of it. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { DarkroomError } from '../../core/errors.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';
import { runPurge } from './withdraw.ts';

export function sourcesCommand(): Command {
  return new Command('sources')
    .description('List corpora, or the sources of one corpus with their state')
    .option('-c, --corpus <name>', 'list this corpus\'s sources')
    .option('--json', 'print JSON')
    .action(async (opts: { corpus?: string; json?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        if (!opts.corpus) {
          const corpora = await rt.archive.listCorpora();
          if (opts.json) return void process.stdout.write(JSON.stringify(corpora, null, 2) + '\n');
          if (corpora.length === 0) process.stdout.write('The archive is empty. Run `darkroom ingest <folder> --corpus <name>`.\n');
          for (const c of corpora) process.stdout.write(`${c.corpus}\t${c.sources} sources\t${c.passages} passages${c.failed ? `\t${c.failed} failed` : ''}${c.awaiting_transcript ? `\t${c.awaiting_transcript} awaiting transcript` : ''}\n`);
          return;
        }
        const sources = await rt.archive.listSources({ corpus: opts.corpus });
        if (sources.length === 0) throw new DarkroomError('CORPUS_UNKNOWN', `No corpus named "${opts.corpus}". Run \`darkroom sources\` to list corpora.`);
        const { formatRushDuration, rushClock } = await import('../../core/rush-time.ts');
        // A rush's length as timecode at its frame rate (HH:MM:SS.ss without one); seconds stay in --json, beside it.
        const duration = (s: (typeof sources)[number]) => (s.duration_s ? formatRushDuration(s.duration_s, rushClock(s.media_json)) : null);
        if (opts.json) return void process.stdout.write(JSON.stringify(sources.map((s) => ({ ...s, duration_tc: duration(s) })), null, 2) + '\n');
        for (const s of sources) {
          const extent = s.pages ? `${s.pages} p.` : (duration(s) ?? '');
          process.stdout.write(`${(s.state === 'awaiting_transcript' ? 'awaiting' : s.state).padEnd(12)} ${s.kind.padEnd(10)} ${String(s.passages).padStart(5)} passages  ${s.language.padEnd(3)} ${extent.padEnd(11)} ${s.path}\n`);
          if (s.error) process.stdout.write(`${' '.repeat(13)}${s.error}\n`);
        }
      });
    });
}

export function removeCommand(): Command {
  return new Command('remove')
    .description('Remove sources (by id or path) and erase their text from the archive files, with the answers and selects that used them (the same purge as withdraw; a removed file can be ingested again)')
    .argument('<sources...>', 'source ids or file paths')
    .option('-c, --corpus <name>', 'only in this corpus')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (refs: string[], opts: { corpus?: string; wait?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const { planSources } = await import('../../core/consent/purge-plan.ts');
        await runPurge(rt, { json: false, lock: lockOptionsFrom(opts) }, () => planSources(rt.archive, rt.state(), refs, { action: 'remove', corpus: opts.corpus }));
      });
    });
}
