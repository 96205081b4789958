/** `darkroom ingest <paths…> --corpus <name>`: adds or updates files in a corpus. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import type { IngestEvent, IngestSummary } from '../pipeline.ts';
import { withdrawnSourceIds } from '../../core/consent/withdrawn.ts';
import { mediaExtensions } from '../transcribe/sidecar.ts';
import { supportedExtensions } from '../extract/registry.ts';
import { defaultChunkOptions, resolveChunkOptions, type ChunkOptions } from '../chunk/chunk.ts';
import { DarkroomError } from '../../core/errors.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';
import type { Runtime } from '../../core/runtime.ts';
import path from 'node:path';
import type { Config } from '../../core/config.ts';
import type { MediaTools } from '../../core/media/tools.ts';

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('Ingest files and folders into a corpus (new and changed files only)')
    .argument('<paths...>', 'files or folders to ingest')
    .requiredOption('-c, --corpus <name>', 'corpus to add them to')
    .option('--prune', 'remove sources under these paths whose files are gone')
    .option('--force', 're-extract files even if unchanged')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--wait', WAIT_FLAG_HELP)
    .option('--chunk-chars <n>', `characters a passage aims for (default ${defaultChunkOptions.targetChars})`)
    .option('--chunk-overlap <n>', `characters of a prose passage repeated at the start of the next (default ${defaultChunkOptions.overlapChars})`)
    .addHelpText('after', () => `\nReads: ${[...new Set([...supportedExtensions(), ...mediaExtensions])].sort().join(' ')}\nA .srt, .vtt or timestamped .txt beside a media file of the same name is read as that file's transcript.`)
    .action(async (paths: string[], opts: IngestFlags, command: Command) => {
      await withRuntime(command, async (rt) => {
        const chunk = chunkOptionsFrom(opts);
        const [{ ingest }, { createMediaExtractor, mediaOptionsFrom }, { registerExtractor }] = await Promise.all([import('../pipeline.ts'), import('../extract/media.ts'), import('../extract/registry.ts')]);
        registerExtractor([...mediaExtensions], createMediaExtractor(mediaOptionsFrom(rt.config)));
        const embedder = await rt.embedder();
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        const progress = await createProgress(Boolean(process.stderr.isTTY) && !opts.json);
        try {
          const summary = await ingest({
            archive: rt.archive,
            corpus: opts.corpus,
            inputs: paths,
            embedder,
            prune: opts.prune ?? false,
            withdrawn: withdrawnSourceIds(rt.state()),
            force: opts.force ?? false,
            chunk,
            signal: controller.signal,
            onEvent: progress.onEvent,
            lock: lockOptionsFrom(opts),
          });
          progress.stop();
          await auditIngest(rt, summary);
          const tools = await mediaToolsUsed(summary, rt.config);
          if (opts.json) process.stdout.write(JSON.stringify(tools ? { ...summary, media_tools: tools.chosen } : summary, null, 2) + '\n');
          else {
            printSummary(summary);
            if (tools) process.stdout.write(`media: ${tools.lines.join('; ')}\n`);
          }
          return ingestExitCode(summary);
        } finally {
          progress.stop();
          process.off('SIGINT', onSigint);
        }
      });
    });
}

/** 1 when a file failed, or a transcriber failed on a rush (kept awaiting a transcript); 0 otherwise, awaiting rushes included. */
export function ingestExitCode(summary: IngestSummary): number {
  return summary.failed > 0 || summary.results.some((r) => r.status === 'awaiting' && r.error) ? 1 : 0;
}

/** Writes what was ingested to the audit trail (docs/access.md); a state store that cannot open only warns. */
async function auditIngest(rt: Runtime, summary: IngestSummary): Promise<void> {
  try {
    const { appendAudit } = await import('../../core/store/state/access/audit.ts');
    const { corpus, files, ingested, skipped, failed, awaiting, removed, passages } = summary;
    rt.state().write((db) => appendAudit(db, { actor: 'local', via: 'cli', action: 'ingest', corpus, details: { files, ingested, skipped, failed, awaiting, removed, passages } }));
  } catch (err) {
    process.stderr.write(`darkroom: the ingestion is done, but it could not be written to the audit trail: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

interface IngestFlags {
  corpus: string;
  prune?: boolean;
  force?: boolean;
  json?: boolean;
  wait?: boolean;
  chunkChars?: string;
  chunkOverlap?: string;
}

/** Chunk sizes from the flags, validated. */
function chunkOptionsFrom(opts: IngestFlags): ChunkOptions {
  const int = (value: string | undefined, flag: string, min: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > 100_000) {
      throw new DarkroomError('INPUT_INVALID', `${flag} ${value} is not allowed: give a whole number of characters from ${min} to 100000.`);
    }
    return n;
  };
  const targetChars = int(opts.chunkChars, '--chunk-chars', 100);
  const overlapChars = int(opts.chunkOverlap, '--chunk-overlap', 0);
  const options = resolveChunkOptions({ ...(targetChars !== undefined ? { targetChars } : {}), ...(overlapChars !== undefined ? { overlapChars } : {}) });
  if (options.overlapChars >= options.targetChars) {
    throw new DarkroomError('INPUT_INVALID', `--chunk-overlap ${options.overlapChars} must be smaller than --chunk-chars ${options.targetChars}.`);
  }
  return options;
}

/** Seconds as "1m05s" or "42s". */
function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const m = Math.floor(seconds / 60);
  const sec = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/**
 * Progress on stderr: a bar (files, passages, rate, ETA, the current file and its own progress note, e.g. OCR
 * or transcription) on a terminal; one plain line per file otherwise.
 */
async function createProgress(tty: boolean): Promise<{ onEvent: (e: IngestEvent) => void; stop: () => void }> {
  const started = performance.now();
  let files = 0;
  let total = 0;
  let passages = 0;
  const elapsed = () => (performance.now() - started) / 1000;
  const eta = () => (files > 0 && total > files ? formatDuration((elapsed() / files) * (total - files)) : '-');
  if (!tty) {
    return {
      onEvent(e) {
        if (e.type === 'run-start') total = e.files;
        if (e.type === 'file-done') {
          files++;
          passages += e.status === 'ingested' ? e.passages : 0;
          process.stderr.write(`${e.status.padEnd(8)} ${e.path}${e.status === 'failed' || e.status === 'awaiting' ? '' : ` (${e.passages} passages)`}  [${files}/${total} files, ${passages} passages, ${(passages / elapsed()).toFixed(0)} passages/s, ETA ${eta()}]\n`);
          if (e.error) process.stderr.write(`         ${e.error}\n`);
        }
      },
      stop() {},
    };
  }
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {value}/{total} files | {passages} passages | {rate} passages/s | ETA {eta_text} | {file}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { passages: 0, rate: '0', eta_text: '-', file: '' });
  let stopped = false;
  let current = '';
  return {
    onEvent(e) {
      if (e.type === 'run-start') {
        total = e.files;
        bar.setTotal(total);
      }
      if (e.type === 'file-start') {
        current = e.path.split('/').slice(-1)[0] ?? '';
        bar.update({ file: current });
      }
      if (e.type === 'file-progress') bar.update({ file: `${current} ${e.note ?? `${Math.round(e.fraction * 100)}%`}` });
      if (e.type === 'file-done') {
        files++;
        passages += e.status === 'ingested' ? e.passages : 0;
        bar.update(files, { passages, rate: (passages / elapsed()).toFixed(0), eta_text: eta() });
        if (e.status === 'failed') process.stderr.write(`\nfailed   ${e.error}\n`);
        if (e.status === 'awaiting' && e.error) process.stderr.write(`\nawaiting ${e.error}\n`);
      }
    },
    stop() {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}

/** The ffmpeg and ffprobe this run used, when it read any audio or video file (null otherwise, or when none resolves). */
async function mediaToolsUsed(summary: IngestSummary, config: Config): Promise<{ chosen: MediaTools['chosen']; lines: string[] } | null> {
  const media = new Set<string>(mediaExtensions);
  if (!summary.results.some((r) => media.has(path.extname(r.path).toLowerCase()))) return null;
  const { describeMediaTools, resolveMediaTools, withVersions } = await import('../../core/media/tools.ts');
  try {
    const tools = resolveMediaTools(config);
    return { chosen: withVersions(tools), lines: describeMediaTools(tools) };
  } catch {
    return null;
  }
}

function printSummary(s: IngestSummary): void {
  const out = process.stdout;
  const r = s.repaired;
  if (r.duplicate_source_rows + r.duplicate_passage_rows > 0) {
    out.write(
      `repaired: ${r.duplicate_passage_rows} duplicate passage rows and ${r.duplicate_source_rows} duplicate source rows, left by two ingests at once in an older Darkroom, deleted (the newest row of each id kept)${r.sources_to_reingest ? `; ${r.sources_to_reingest} sources marked to ingest again` : ''}\n`,
    );
  }
  out.write(`corpus ${s.corpus}: ${s.ingested} ingested, ${s.awaiting} awaiting transcript, ${s.skipped} unchanged, ${s.failed} failed, ${s.removed} removed; ${s.passages} ${s.passages === 1 ? 'passage' : 'passages'} in the corpus\n`);
  out.write(`semantic search: ${s.semantic ? `on (${s.embedder?.name})` : 'off (no DARKROOM_EMBED_MODEL; full-text only)'}\n`);
  out.write(
    `cost: ${s.seconds.toFixed(2)} s (extract ${s.stages.extract_s.toFixed(2)}, chunk ${s.stages.chunk_s.toFixed(2)}, embed ${s.stages.embed_s.toFixed(2)}, write ${s.stages.write_s.toFixed(2)}, index ${s.stages.index_s.toFixed(2)}), peak memory ${s.peak_rss_mb} MB\n`,
  );
  const unsupported = Object.entries(s.unsupported);
  if (unsupported.length > 0) {
    out.write(`not read (no reader for their type): ${unsupported.map(([ext, n]) => `${n} ${ext}`).join(', ')}; \`darkroom ingest --help\` lists the types read, \`--json\` lists the files\n`);
  }
  for (const r of s.results.filter((r) => r.status === 'failed')) out.write(`  FAILED ${r.path}\n         ${r.error}\n`);
  const awaiting = s.results.filter((r) => r.status === 'awaiting');
  if (awaiting.length > 0) {
    out.write(`${awaiting.length} ${awaiting.length === 1 ? 'rush is' : 'rushes are'} kept awaiting a transcript (listed, playable, found by name, reel, date and folder). Put a transcript beside each (same name, .srt or .vtt) and ingest again, or configure a transcriber (DARKROOM_TRANSCRIBE_CMD, DARKROOM_WHISPER_MODEL) and run \`darkroom transcribe --corpus ${s.corpus}\`:\n`);
    for (const r of awaiting) out.write(`  AWAITING ${r.path}${r.error ? `\n         ${r.error}` : ''}\n`);
  }
  if (s.passages_without_vector > 0) {
    out.write(`${s.passages_without_vector} ${s.passages_without_vector === 1 ? 'passage' : 'passages'} stored without a vector (found by full-text search only):\n`);
    for (const r of s.results.filter((x) => x.without_vector)) out.write(`  ${r.path}: ${r.without_vector?.passages} of ${r.passages}, ${r.without_vector?.reason}\n`);
  }
}
