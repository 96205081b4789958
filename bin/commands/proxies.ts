/**
 * `darkroom proxies`: makes now, for every rush a browser cannot play (ProRes, DNxHD, MXF, PCM in MOV…),
 * the H.264/AAC proxy the web UI would otherwise make on first play. Run it after a large ingest (or
 * overnight) so that no one waits at the first click. Proxies live in DARKROOM_HOME/proxies/.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';

export function proxiesCommand(): Command {
  return new Command('proxies')
    .description('Make the browser proxies of rushes a browser cannot play now, instead of on first play in the web UI')
    .option('-c, --corpus <name>', 'only the rushes of this corpus')
    .action(async (opts: { corpus?: string }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const { resolveMediaTools } = await import('../../core/media/tools.ts');
        const { openIngestedFile } = await import('../../core/files/file-identity.ts');
        const { ensureProxy, planPlayback, proxyPathFor } = await import('../../server/http/media-proxy.ts');
        const rushes = (await rt.archive.listSources({ corpus: opts.corpus })).filter((s) => s.kind === 'media' && s.state !== 'failed');
        const tools = resolveMediaTools(rt.config);
        let made = 0;
        let ready = 0;
        let direct = 0;
        let failed = 0;
        for (const source of rushes) {
          const plan = planPlayback(source);
          if (plan.kind === 'direct') {
            direct += 1;
            continue;
          }
          if (existsSync(proxyPathFor(rt.config.home, source))) {
            ready += 1;
            continue;
          }
          const started = performance.now();
          try {
            const file = await ensureProxy({
              home: rt.config.home,
              source,
              plan,
              tools,
              open: () => openIngestedFile(source),
              timeoutS: rt.config.ffmpegTimeoutS,
              onProgress: (f) => process.stderr.isTTY && process.stderr.write(`\r  ${source.path}: ${Math.round(f * 100)} %`),
            });
            if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
            made += 1;
            process.stdout.write(`made ${file} from ${source.path} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
          } catch (err) {
            failed += 1;
            process.stderr.write(`darkroom: ${(err as Error).message}\n`);
          }
        }
        process.stdout.write(`${rushes.length} rushes: ${made} proxies made, ${ready} already made, ${direct} play as they are, ${failed} failed\n`);
        return failed > 0 ? 1 : 0;
      });
    });
}
