/** `darkroom speakers [list] | rename | merge`: the corpus's speakers, and naming them. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { DarkroomError } from '../../core/errors.ts';
import type { Runtime } from '../../core/runtime.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';

interface ScopeFlags {
  corpus?: string;
  source?: string;
  json?: boolean;
  wait?: boolean;
}

export function speakersCommand(): Command {
  const speakers = new Command('speakers').description('The speakers of a corpus (talk time, passages, sources), and naming them: rename a label, merge labels into one name');
  speakers
    .command('list', { isDefault: true })
    .description('List the speakers (of a corpus, or of one source) with talk time, passages and sources')
    .option('-c, --corpus <name>', 'only this corpus')
    .option('-s, --source <source>', 'only this source (id or path)')
    .option('--json', 'print JSON')
    .action(async (opts: ScopeFlags, command: Command) => {
      await withRuntime(command, async (rt) => {
        const { listSpeakers } = await import('../../core/store/archive-speakers.ts');
        const sourceId = opts.source ? await resolveSource(rt, opts.source, opts.corpus) : undefined;
        const list = await listSpeakers(rt.archive, { corpus: opts.corpus, sourceId });
        if (opts.json) return void process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        if (list.length === 0) return void process.stdout.write(`No speaker is named in ${opts.corpus ? `corpus "${opts.corpus}"` : 'the archive'}${sourceId ? ` (source ${sourceId})` : ''}.\n`);
        for (const s of list) {
          process.stdout.write(`${s.corpus}\t${s.speaker}\t${formatTalk(s.talk_s)}\t${s.passages} ${s.passages === 1 ? 'passage' : 'passages'}\t${s.sources.length} ${s.sources.length === 1 ? 'source' : 'sources'}\n`);
        }
      });
    });
  speakers
    .command('rename')
    .description('Give a speaker label a name, in every passage, filter, citation and export (e.g. "SPEAKER_00" "Marie Tremblay")')
    .argument('<label>', 'the speaker as the archive names it now')
    .argument('<name>', 'the new name (an existing one asks for merge)')
    .requiredOption('-c, --corpus <name>', 'the corpus')
    .option('-s, --source <source>', 'only in this source (id or path)')
    .option('--json', 'print JSON')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (label: string, name: string, opts: ScopeFlags, command: Command) => {
      await withRuntime(command, (rt) => runChange(rt, 'rename', [label], name, opts));
    });
  speakers
    .command('merge')
    .description('Give the passages of one or more speaker labels to one name (which may already exist)')
    .argument('<labels...>', 'the speakers to merge')
    .requiredOption('--into <name>', 'the name they become')
    .requiredOption('-c, --corpus <name>', 'the corpus')
    .option('-s, --source <source>', 'only in this source (id or path)')
    .option('--json', 'print JSON')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (labels: string[], opts: ScopeFlags & { into: string }, command: Command) => {
      await withRuntime(command, (rt) => runChange(rt, 'merge', labels, opts.into, opts));
    });
  return speakers;
}

async function runChange(rt: Runtime, action: 'rename' | 'merge', from: string[], to: string, opts: ScopeFlags): Promise<number> {
  const { changeSpeakers } = await import('../speakers.ts');
  const corpus = opts.corpus as string;
  const sourceId = opts.source ? await resolveSource(rt, opts.source, corpus) : undefined;
  const result = await changeSpeakers({ archive: rt.archive, state: rt.state(), action, corpus, sourceId, from, to, lock: lockOptionsFrom(opts) });
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    process.stdout.write(
      `${result.from.map((f) => `"${f}"`).join(', ')} -> "${result.to}" in corpus ${corpus}${sourceId ? ` (source ${sourceId})` : ''}: ${result.passages} ${result.passages === 1 ? 'passage' : 'passages'} in ${result.sources.length} ${result.sources.length === 1 ? 'source' : 'sources'}, ${result.selects} ${result.selects === 1 ? 'select' : 'selects'}; no re-embedding needed\n`,
    );
  }
  return 0;
}

/** A source id from an id or a path (of the corpus, when given). */
async function resolveSource(rt: Runtime, ref: string, corpus: string | undefined): Promise<string> {
  const path = await import('node:path');
  const abs = path.resolve(ref);
  const found = (await rt.archive.listSources(corpus !== undefined ? { corpus } : {})).filter((s) => s.id === ref || s.path === abs);
  if (found.length === 0) throw new DarkroomError('SOURCE_UNKNOWN', `No source ${ref}${corpus !== undefined ? ` in corpus "${corpus}"` : ''}. \`darkroom sources --corpus <name>\` lists the sources.`);
  if (found.length > 1) throw new DarkroomError('INPUT_INVALID', `${ref} is a source of ${found.length} corpora: add --corpus.`);
  return (found[0] as (typeof found)[number]).id;
}

/** "12m05s" or "42s" of talk; "-" for none (untimed passages). */
function formatTalk(seconds: number): string {
  if (seconds <= 0) return '-';
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}
