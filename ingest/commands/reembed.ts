/** `darkroom reembed [--corpus <name>] [--none]`: gives every passage a vector from DARKROOM_EMBED_MODEL, or drops them all. */
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { DarkroomError } from '../../core/errors.ts';
import { lockOptionsFrom, WAIT_FLAG_HELP } from './lock-flags.ts';

export function reembedCommand(): Command {
  return new Command('reembed')
    .description('Re-embed every passage with DARKROOM_EMBED_MODEL (after changing model), or drop all vectors with --none')
    .option('-c, --corpus <name>', 'only this corpus (when the archive\'s vectors come from the configured model, or no other corpus has vectors)')
    .option('--none', 'drop all vectors: full-text search only')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--wait', WAIT_FLAG_HELP)
    .action(async (opts: { corpus?: string; none?: boolean; json?: boolean; wait?: boolean }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const embedder = opts.none ? null : await rt.embedder();
        if (!opts.none && !embedder) {
          throw new DarkroomError('CONFIG_INVALID', 'No embedding model to re-embed with. Set DARKROOM_EMBED_MODEL (or --embed-model) to a local model folder, or pass --none to drop all vectors.');
        }
        const { reembed } = await import('../reembed.ts');
        const tty = Boolean(process.stderr.isTTY) && !opts.json;
        let lastLine = 0;
        const summary = await reembed({
          archive: rt.archive,
          embedder,
          corpus: opts.corpus,
          lock: lockOptionsFrom(opts),
          onProgress(done, total) {
            const now = performance.now();
            if (done < total && now - lastLine < 1000) return;
            lastLine = now;
            process.stderr.write(`${tty ? '\r' : ''}re-embedded ${done}/${total} passages${tty && done < total ? '' : '\n'}`);
          },
        });
        if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        else {
          const model = summary.embedder ? `${summary.embedder.name} (${summary.embedder.dim}-d, sha256 ${summary.embedder.sha256.slice(0, 12)}…)` : 'none: vectors dropped, full-text search only';
          process.stdout.write(`${summary.passages} passages${summary.corpus ? ` of corpus ${summary.corpus}` : ''}; embedder now ${model}; ${summary.seconds.toFixed(2)} s (embed ${summary.embed_s.toFixed(2)}, write ${summary.write_s.toFixed(2)})\n`);
          const gaps = summary.without_vector;
          if (gaps.length > 0) process.stdout.write(`${gaps.length} passages have no usable vector (no word known to the model) and are found by full-text search only: ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ', …' : ''}\n`);
        }
      });
    });
}
