/** `darkroom search "<query>"`: hybrid retrieval from the command line. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { DarkroomError } from '../../core/errors.ts';
import { formatClockSeconds } from '../../core/rush-time.ts';
import type { SearchMode } from '../../core/search/search.ts';
import type { SearchHit, SourceKind } from '../../core/types.ts';

export function searchCommand(): Command {
  return new Command('search')
    .description('Search the archive (full-text, plus semantic when an embedding model is configured)')
    .argument('<query>', 'what to look for')
    .option('-c, --corpus <name>', 'search this corpus only')
    .option('-k, --limit <n>', 'number of hits', '10')
    .option('--kind <kind>', 'only sources of this kind (letter, document, pdf, transcript, media, image)')
    .option('--source <id-or-path>', 'only this source')
    .option('--speaker <name>', 'only passages of this speaker')
    .option('--language <code>', 'only passages in this language (en, fr)')
    .option('--mode <mode>', 'hybrid (default), lexical (BM25 only) or semantic (vectors only)', 'hybrid')
    .option('--json', 'print hits as JSON')
    .action(async (query: string, opts: { corpus?: string; limit: string; mode: string; kind?: string; source?: string; speaker?: string; language?: string; json?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new DarkroomError('INPUT_INVALID', `--limit ${opts.limit}: give a whole number of hits from 1 to 200.`);
        if (!isSearchMode(opts.mode)) throw new DarkroomError('INPUT_INVALID', `--mode ${opts.mode} is not a search mode. Use hybrid, lexical or semantic.`);
        const { searchArchive } = await import('../../core/search/search.ts');
        const result = await searchArchive(rt.archive, await rt.embedder(), {
          query,
          corpus: opts.corpus,
          limit,
          filters: { kind: opts.kind as SourceKind | undefined, source: opts.source, speaker: opts.speaker, language: opts.language },
          mode: opts.mode,
          fusion: { vectorWeight: rt.config.vectorWeight },
        });
        const { writeCliAudit } = await import('../../core/store/state/access/cli-audit.ts');
        writeCliAudit(rt, { action: 'search', corpus: opts.corpus ?? null, payload: query, details: { hits: result.hits.length, sources: [...new Set(result.hits.map((h) => h.source_id))] } });
        if (opts.json) {
          process.stdout.write(JSON.stringify({ query, mode: opts.mode, semantic: result.semantic, notes: result.notes, empty: result.empty, hits: result.hits }, null, 2) + '\n');
          return;
        }
        for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
        if (result.empty) process.stdout.write(`${result.empty}\n`);
        else if (result.hits.length === 0) process.stdout.write('No passage matches.\n');
        result.hits.forEach((h, i) => process.stdout.write(formatHit(h, i + 1)));
      });
    });
}

function isSearchMode(mode: string): mode is SearchMode {
  return mode === 'hybrid' || mode === 'lexical' || mode === 'semantic';
}

/** Where a hit is, as an editor or archivist reads it: file and page, or file, speaker and timecode. */
export function locate(h: SearchHit): string {
  const parts = [h.path];
  if (h.page !== null) parts.push(`p. ${h.page}`);
  if (h.reel) parts.push(`reel ${h.reel}`);
  if (h.tc_in) parts.push(`TC ${h.tc_in} - ${h.tc_out ?? ''}`);
  else if (h.start_s !== null) parts.push(`${formatClockSeconds(h.start_s)} - ${formatClockSeconds(h.end_s ?? h.start_s)}`);
  if (h.speaker) parts.push(h.speaker);
  return parts.join('  ·  ');
}

function formatHit(h: SearchHit, n: number): string {
  const text = h.text.replace(/\s+/g, ' ');
  return `[${n}] ${locate(h)}\n    ${text.length > 300 ? text.slice(0, 300) + '…' : text}\n    score ${h.score.toFixed(4)}  (bm25 #${h.why.bm25_rank ?? '-'}, vector #${h.why.vector_rank ?? '-'})\n\n`;
}
