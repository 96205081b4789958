/** `darkroom selects list|add|remove|clear`: a corpus's select list from the command line (the same list the web UI and panels edit). */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import type { Runtime } from '../../core/runtime.ts';
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
      await withSelects(sub, async (selects) => print(await selects.list(opts.corpus), opts.json));
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
      await withSelects(sub, async (selects) => {
        let items: SelectItem[] = [];
        for (const id of ids) {
          items = await selects.add(opts.corpus, { passage_id: id, handle_before_s: Number(opts.before), handle_after_s: Number(opts.after), ...(opts.note ? { note: opts.note } : {}) });
        }
        print(items, false);
      });
    });
  command
    .command('remove')
    .description('Remove one select by its id (sel_…)')
    .argument('<select-id>', 'the select id, as `darkroom selects list` prints it')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .action(async (id: string, opts: { corpus: string }, sub: Command) => {
      await withSelects(sub, async (selects) => print(await selects.remove(opts.corpus, id), false));
    });
  command
    .command('clear')
    .description('Empty the select list')
    .requiredOption('-c, --corpus <name>', 'corpus')
    .action(async (opts: { corpus: string }, sub: Command) => {
      await withSelects(sub, async (selects) => print(await selects.clear(opts.corpus), false));
    });
  return command;
}

async function withSelects(command: Command, fn: (selects: SelectsService, rt: Runtime) => Promise<void>): Promise<void> {
  const [{ createSelectsService }, { openSelectStore }] = await Promise.all([import('../selects/selects-service.ts'), import('../selects/select-store.ts')]);
  await withRuntime(command, async (rt) => fn(createSelectsService({ archive: rt.archive, store: await openSelectStore(rt.config.home, { state: rt.state() }) }), rt));
}

function print(items: SelectItem[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(JSON.stringify({ items }, null, 2) + '\n');
    return;
  }
  if (items.length === 0) process.stdout.write('The select list is empty.\n');
  for (const [i, s] of items.entries()) {
    const handles = s.handle_before_s || s.handle_after_s ? `  (handles ${s.handle_before_s}s/${s.handle_after_s}s)` : '';
    const words = s.text.replace(/\s+/g, ' ');
    process.stdout.write(`${String(i + 1).padStart(3)}. ${s.id}  ${s.path}  ${s.start_s.toFixed(2)}-${s.end_s.toFixed(2)} s${handles}\n     ${s.speaker ? `${s.speaker}: ` : ''}${words.length > 120 ? words.slice(0, 120) + '…' : words}\n`);
  }
}
