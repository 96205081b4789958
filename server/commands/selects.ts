/** `darkroom selects list|add|remove|clear`: a corpus's select list from the command line (the same list the web UI and panels edit). */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import type { Runtime } from '../../core/runtime.ts';
import { formatClockSeconds } from '../../core/rush-time.ts';
import type { SelectsService } from '../selects/selects-service.ts';
import type { SelectItem } from '../selects/select-store.ts';

export function selectsCommand(): Command {
  const command = new Command('selects').description('The select list of a corpus: passages chosen for the edit, in order');
  command
    .command('list')
    .description('Print the select list')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { corpus: string; json?: boolean }, sub: Command) => {
      await withSelects(sub, async (selects, rt) => print(await withTimecodes(rt, await selects.list(opts.corpus)), opts.json));
    });
  command
    .command('add')
    .description('Add passages (ids of search hits, or passage_id of citations) at the end of the list')
    .argument('<passage-id...>', 'passage ids')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .option('--before <seconds>', 'handle before each passage', '0')
    .option('--after <seconds>', 'handle after each passage', '0')
    .option('--note <text>', 'a note for the editor')
    .action(async (ids: string[], opts: { corpus: string; before: string; after: string; note?: string }, sub: Command) => {
      await withSelects(sub, async (selects, rt) => {
        let items: SelectItem[] = [];
        for (const id of ids) {
          items = await selects.add(opts.corpus, { passage_id: id, handle_before_s: Number(opts.before), handle_after_s: Number(opts.after), ...(opts.note ? { note: opts.note } : {}) });
        }
        print(await withTimecodes(rt, items), false);
      });
    });
  command
    .command('remove')
    .description('Remove one select by its id (sel_…)')
    .argument('<select-id>', 'the select id, as `darkroom selects list` prints it')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .action(async (id: string, opts: { corpus: string }, sub: Command) => {
      await withSelects(sub, async (selects, rt) => print(await withTimecodes(rt, await selects.remove(opts.corpus, id)), false));
    });
  command
    .command('clear')
    .description('Empty the select list')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .action(async (opts: { corpus: string }, sub: Command) => {
      await withSelects(sub, async (selects, rt) => print(await withTimecodes(rt, await selects.clear(opts.corpus)), false));
    });
  return command;
}

async function withSelects(command: Command, fn: (selects: SelectsService, rt: Runtime) => Promise<void>): Promise<void> {
  const [{ createSelectsService }, { openSelectStore }] = await Promise.all([import('../selects/selects-service.ts'), import('../selects/select-store.ts')]);
  await withRuntime(command, async (rt) => fn(createSelectsService({ archive: rt.archive, store: await openSelectStore(rt.config.home, { state: rt.state() }) }), rt));
}

/** A select with its source timecode in and out (null for a transcript-only or untimed source). */
type TimedSelect = SelectItem & { tc_in: string | null; tc_out: string | null };

/** Adds each select's in/out as its rush's source timecode (HH:MM:SS.ss when the rush has no frame rate). */
async function withTimecodes(rt: Runtime, items: SelectItem[]): Promise<TimedSelect[]> {
  const { formatRushTime, rushClock } = await import('../../core/rush-time.ts');
  const clocks = new Map<string, ReturnType<typeof rushClock>>();
  for (const id of new Set(items.map((s) => s.source_id))) clocks.set(id, rushClock((await rt.archive.getSource(id))?.media_json));
  return items.map((s) => {
    const clock = clocks.get(s.source_id) ?? null;
    return { ...s, tc_in: clock ? formatRushTime(s.start_s, clock) : null, tc_out: clock ? formatRushTime(s.end_s, clock) : null };
  });
}

function print(items: TimedSelect[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ items }, null, 2) + '\n');
    return;
  }
  if (items.length === 0) process.stdout.write('The select list is empty.\n');
  for (const [i, s] of items.entries()) {
    const span = s.tc_in && s.tc_out ? `${s.tc_in} - ${s.tc_out}` : `${formatClockSeconds(s.start_s)} - ${formatClockSeconds(s.end_s)}`;
    const handles = s.handle_before_s || s.handle_after_s ? `  (handles ${s.handle_before_s}s/${s.handle_after_s}s)` : '';
    const words = s.text.replace(/\s+/g, ' ');
    process.stdout.write(`${String(i + 1).padStart(3)}. ${s.id}  ${s.path}  ${span}${handles}\n     ${s.speaker ? `${s.speaker}: ` : ''}${words.length > 120 ? words.slice(0, 120) + '…' : words}\n`);
  }
}
