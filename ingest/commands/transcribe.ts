/** `darkroom transcribe [--corpus c] [sources…]`: transcribes the rushes kept awaiting a transcript. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { withdrawnSourceIds } from '../../core/consent/withdrawn.ts';
import { DarkroomError } from '../../core/errors.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';
import { mediaExtensions } from '../transcribe/sidecar.ts';
import type { TranscribeSummary } from '../transcribe-awaiting.ts';

export function transcribeCommand(): Command {
  return new Command('transcribe')
    .description('Transcribe the rushes awaiting a transcript (all, of a corpus, or the ones named) with the configured transcriber')
    .argument('[sources...]', 'source ids or file paths (default: every awaiting rush)')
    .option('-c, --corpus <name>', 'only this corpus')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (refs: string[], opts: { corpus?: string; json?: boolean; wait?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        if (rt.config.transcribeCmd === undefined && rt.config.whisperModel === undefined) {
          throw new DarkroomError(
            'CONFIG_INVALID',
            'No transcriber is configured, so the awaiting rushes cannot be transcribed. Set DARKROOM_TRANSCRIBE_CMD (an external transcriber such as whisper.cpp, see docs/media.md) or DARKROOM_WHISPER_MODEL (a local Whisper model: `darkroom models pull`), or put a transcript beside each rush and run `darkroom ingest` again.',
          );
        }
        const [{ transcribeAwaiting }, { createMediaExtractor, mediaOptionsFrom }, { registerExtractor }] = await Promise.all([import('../transcribe-awaiting.ts'), import('../extract/media.ts'), import('../extract/registry.ts')]);
        registerExtractor([...mediaExtensions], createMediaExtractor(mediaOptionsFrom(rt.config)));
        const embedder = await rt.embedder();
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          const summary = await transcribeAwaiting({
            archive: rt.archive,
            embedder,
            corpus: opts.corpus,
            refs,
            withdrawn: withdrawnSourceIds(rt.state()),
            signal: controller.signal,
            lock: lockOptionsFrom(opts),
            onEvent: (e) => {
              if (!opts.json && e.type === 'file-start') process.stderr.write(`transcribing ${e.path}\n`);
            },
          });
          if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
          else printSummary(summary, opts.corpus);
          return summary.awaiting + summary.failed > 0 ? 1 : 0;
        } finally {
          process.off('SIGINT', onSigint);
        }
      });
    });
}

function printSummary(s: TranscribeSummary, corpus: string | undefined): void {
  const out = process.stdout;
  for (const path of s.not_awaiting) out.write(`not awaiting: ${path} already has a transcript (\`darkroom ingest --force\` transcribes it again)\n`);
  if (s.rushes === 0) {
    out.write(`No rush awaits a transcript${corpus !== undefined ? ` in corpus "${corpus}"` : ''}.\n`);
    return;
  }
  for (const r of s.results) {
    if (r.status === 'transcribed') out.write(`transcribed  ${r.path} (${r.passages} ${r.passages === 1 ? 'passage' : 'passages'})\n`);
    else out.write(`${r.status === 'failed' ? 'FAILED      ' : 'AWAITING    '} ${r.path}\n             ${r.error ?? ''}\n`);
  }
  out.write(`${s.rushes} awaiting ${s.rushes === 1 ? 'rush' : 'rushes'}: ${s.transcribed} transcribed, ${s.awaiting} still awaiting, ${s.failed} failed\n`);
}
