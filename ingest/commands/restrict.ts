/**
 * `darkroom restrict`: time ranges or pages of a source off the record, embargoes until a date, and their list
 * and lifting (docs/consent.md). Nothing is deleted: search and answers (the LLM prompt included) leave the
 * material out while a restriction holds (the player, selects and exports do not enforce it yet) (core/consent/restriction-gate.ts), and it comes back when it is lifted
 * or its date passes.
 */
import path from 'node:path';
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { DarkroomError } from '../../core/errors.ts';
import type { Restriction } from '../../core/consent/restrictions.ts';
import type { TimeSpan } from '../../core/consent/restriction-input.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SourceRecord } from '../../core/types.ts';

interface RestrictOptions {
  offRecord?: string[];
  pages?: string;
  until?: string;
  list?: boolean;
  clear?: boolean;
  id?: string[];
  corpus?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function restrictCommand(): Command {
  return new Command('restrict')
    .description('Put time ranges or pages of a source off the record, or the whole source under embargo until a date; list or lift restrictions')
    .argument('[source]', 'source id or file path (`darkroom sources --corpus <name>` lists them)')
    .option('--off-record <range>', 'a time range off the record: source timecodes 10:04:00:00-10:06:30:00, minutes:seconds 1:04-2:30 or seconds 64-150 (repeatable)', collect)
    .option('--pages <pages>', 'pages off the record, e.g. 3-5 or 4')
    .option('--until <date>', 'the restriction ends on this day (YYYY-MM-DD, UTC); alone: an embargo of the whole source')
    .option('--list', 'list restrictions (of the source, of --corpus, or all)')
    .option('--clear', 'lift the source\'s restrictions (all, or those given with --id)')
    .option('--id <n>', 'with --clear: only this restriction (repeatable; ids from --list)', collect)
    .option('-c, --corpus <name>', 'the corpus of the source (when a path is in several), or of --list')
    .option('--json', 'print JSON')
    .action(async (ref: string | undefined, opts: RestrictOptions, command: Command) => {
      await withRuntime(command, async (rt) => {
        const [store, input, { utcDay }] = await Promise.all([import('../../core/consent/restriction-store.ts'), import('../../core/consent/restriction-input.ts'), import('../../core/consent/restrictions.ts')]);
        const who = { actor: 'local', via: 'cli' };
        const adding = opts.offRecord !== undefined || opts.pages !== undefined || opts.until !== undefined;
        if ([adding, opts.list === true, opts.clear === true].filter(Boolean).length > 1) throw new DarkroomError('INPUT_INVALID', 'Give one of: --off-record/--pages/--until (add), --list, or --clear.');
        if (opts.list) {
          const source = ref === undefined ? null : await findSource(rt.archive, ref, opts.corpus);
          const rows = store.listRestrictions(rt.state().db, { sourceId: source?.id, corpus: source ? undefined : opts.corpus });
          const sources = new Map((await rt.archive.listSources()).map((s) => [s.id, s]));
          if (opts.json) return void process.stdout.write(JSON.stringify(rows.map((r) => ({ ...r, active: r.until === null || r.until > utcDay(), path: sources.get(r.source_id)?.path ?? null })), null, 2) + '\n');
          if (rows.length === 0) process.stdout.write('No restriction.\n');
          for (const r of rows) process.stdout.write(`#${r.id}  ${r.corpus}: ${sources.get(r.source_id)?.path ?? r.source_id}  ${describe(r, sources.get(r.source_id) ?? null, input.formatRange)}${r.until !== null && r.until <= utcDay() ? '  (lapsed)' : ''}\n`);
          return;
        }
        if (ref === undefined) throw new DarkroomError('INPUT_INVALID', 'Name the source to restrict: its id or path (`darkroom sources --corpus <name>` lists them), or use --list.');
        const source = await findSource(rt.archive, ref, opts.corpus);
        if (opts.clear) {
          const ids = opts.id?.map((n) => {
            if (!/^\d+$/.test(n)) throw new DarkroomError('INPUT_INVALID', `--id ${n} is not a restriction id: \`darkroom restrict --list\` shows them (#12 is --id 12).`);
            return Number(n);
          }) ?? null;
          const cleared = store.clearRestrictions(rt.state(), source.id, ids, who);
          if (ids && cleared.length < ids.length) {
            const missing = ids.filter((id) => !cleared.some((r) => r.id === id));
            throw new DarkroomError('INPUT_INVALID', `No restriction ${missing.map((m) => `#${m}`).join(', ')} on ${source.path}${cleared.length ? ` (cleared ${cleared.map((r) => `#${r.id}`).join(', ')})` : ''}. \`darkroom restrict ${ref} --list\` shows its restrictions.`);
          }
          if (opts.json) return void process.stdout.write(JSON.stringify({ cleared }, null, 2) + '\n');
          process.stdout.write(cleared.length === 0 ? `No restriction on ${source.path}.\n` : `lifted ${cleared.length} ${cleared.length === 1 ? 'restriction' : 'restrictions'} on ${source.path}: the material is back in search and answers\n`);
          return;
        }
        if (!adding) throw new DarkroomError('INPUT_INVALID', `Say what to restrict in ${path.basename(source.path)}: --off-record <range>, --pages <pages>, or --until <date> alone for an embargo of the whole source. --list shows restrictions.`);
        const until = opts.until === undefined ? null : input.parseUntil(opts.until, utcDay());
        // Every range is checked before any is stored: a bad one stores nothing.
        const span = opts.offRecord?.length ? await timeSpanOf(rt.archive, source, input.mediaSpan) : null;
        const planned = [
          ...(opts.offRecord ?? []).map((range) => ({ ...input.parseTimeRange(range, source, span), until })),
          ...(opts.pages !== undefined ? [{ ...input.parsePages(opts.pages, source), until }] : []),
        ];
        if (planned.length === 0) planned.push({ until } as never);
        const added: Restriction[] = planned.map((p) => store.addRestriction(rt.state(), { source_id: source.id, corpus: source.corpus, ...p }, who));
        if (opts.json) return void process.stdout.write(JSON.stringify({ added }, null, 2) + '\n');
        for (const r of added) process.stdout.write(`restricted #${r.id}: ${source.corpus}: ${source.path}  ${describe(r, source, input.formatRange)}\n`);
        process.stdout.write('left out of search and answers (the LLM prompt included) from now on, on every connected client; nothing was deleted. Not yet enforced on the player, selects and exports (docs/consent.md)\n');
      });
    });
}

function describe(r: Restriction, source: SourceRecord | null, formatRange: (s: SourceRecord | null, a: number, b: number) => string): string {
  const what = r.start_s !== null && r.end_s !== null ? `off the record ${formatRange(source, r.start_s, r.end_s)}` : r.first_page !== null ? `pages ${r.first_page}-${r.last_page} off the record` : 'embargo on the whole source';
  return `${what}${r.until ? ` until ${r.until}` : ''}`;
}

/** The span a range must lie in: a media file's length, else (a transcript) its first passage's start to its last one's end. */
async function timeSpanOf(archive: Archive, source: SourceRecord, mediaSpan: (s: SourceRecord) => TimeSpan | null): Promise<TimeSpan | null> {
  if (source.kind === 'media') return mediaSpan(source);
  const table = await archive.passages();
  if (!table) return null;
  const { sqlString } = await import('../../core/store/schema.ts');
  const rows = (await archive.readLatest(() => table.query().where(`source_id = ${sqlString(source.id)} AND start_s IS NOT NULL`).select(['start_s', 'end_s']).toArray())) as Array<{ start_s: number; end_s: number | null }>;
  if (rows.length === 0) return null;
  return { from: Math.min(...rows.map((r) => Number(r.start_s))), to: Math.max(...rows.map((r) => Number(r.end_s ?? r.start_s))) };
}

async function findSource(archive: Archive, ref: string, corpus: string | undefined): Promise<SourceRecord> {
  const abs = path.resolve(ref);
  const matches = (await archive.listSources({ corpus })).filter((s) => s.id === ref || s.path === abs);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw new DarkroomError('INPUT_INVALID', `${ref} is in several corpora (${matches.map((m) => m.corpus).join(', ')}). Add --corpus <name>, or give the source id.`);
  throw new DarkroomError('SOURCE_UNKNOWN', `No source "${ref}" in the archive${corpus ? ` (corpus ${corpus})` : ''}. \`darkroom sources\` lists the corpora and \`darkroom sources --corpus <name>\` their sources, with their paths.`);
}
