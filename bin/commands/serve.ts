/**
 * `darkroom serve` (and `npm start`): the server, from the CLI's composition root. On an archive with no
 * corpus "demo", it first ingests corpora/demo so that a fresh clone answers questions at once; the server
 * itself never imports ingestion. Mounts the media routes (/media), the select lists and exports
 * (/api/selects) and the edit-suite namespace (/edit) beside the chat.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { Runtime } from '../../core/runtime.ts';
import { configFrom, fail } from '../../core/cli-runtime.ts';

/** The repository root (core/config.ts says the same; not imported here so that registering `serve` loads no schema). */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The demo corpus shipped with the project: its archive/ folder (beside its README, which is not part of it). */
export const demoCorpusDir = existsSync(path.join(projectRoot, 'corpora', 'demo', 'archive'))
  ? path.join(projectRoot, 'corpora', 'demo', 'archive')
  : path.join(projectRoot, 'corpora', 'demo');

export function serveCommand(): Command {
  return new Command('serve')
    .description('Start the server (HTTP + socket.io) and the web UI; 127.0.0.1:4317 by default')
    .option('--host <host>', 'interface to listen on (DARKROOM_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port (DARKROOM_PORT; default 4317, 0 for any free port)')
    .option('--allowed-hosts <names>', 'comma-separated names the server answers to besides localhost and the bind host (DARKROOM_ALLOWED_HOSTS)')
    .option('--no-demo', 'do not ingest the demo corpus into an archive that lacks it')
    .action(async (opts: { host?: string; port?: string; allowedHosts?: string; demo: boolean }, command: Command) => {
      let rt: Runtime | null = null;
      try {
        // Imported when the server starts, not when the command is registered: `darkroom --help` loads none of them.
        const [{ openRuntime }, { startServer, openStateOrError }, { openSelectStore }, { createSelectsService }, { createStudioExtras }, { stateUnavailable, unavailableSelectStore }] = await Promise.all([
          import('../../core/runtime.ts'),
          import('../../server/main.ts'),
          import('../../server/selects/select-store.ts'),
          import('../../server/selects/selects-service.ts'),
          import('../../server/studio.ts'),
          import('../../server/records/unavailable-stores.ts'),
        ]);
        rt = await openRuntime(await configFrom(command, { host: opts.host, port: opts.port, allowedHosts: opts.allowedHosts }), { followWrites: true });
        if (opts.demo) await ensureDemo(rt);
        const runtime = rt;
        // A damaged state.db does not stop the server: selects answer STATE_UNAVAILABLE, search goes on (startServer decides).
        const state = openStateOrError(rt);
        const stateFile = path.join(rt.config.home, 'state.db');
        const selectStore = 'db' in state ? await openSelectStore(rt.config.home, { state }) : unavailableSelectStore(stateUnavailable(state, stateFile), stateFile);
        const selects = createSelectsService({ archive: rt.archive, store: selectStore });
        // What serve mounts beside the chat (/media, /api/selects, /edit): the same function the tests build the app with.
        const studio = createStudioExtras({ archive: runtime.archive, config: runtime.config, selects, embedder: () => runtime.embedder(), fusion: { vectorWeight: runtime.config.vectorWeight } });
        const server = await startServer(rt, { extraRouters: studio.extraRouters, onIo: studio.onIo });
        const llm = server.status.llm;
        process.stdout.write(`Darkroom is serving ${rt.config.home}\n  ${server.url}\n`);
        process.stdout.write(`  semantic search: ${server.status.semantic ? 'on' : `off (${server.status.semanticNote ?? ''}; full-text only)`}\n`);
        if (server.status.state) process.stdout.write(`  DEGRADED: ${server.status.state.message}\n  Playback works; search, answers, conversations and selects answer STATE_UNAVAILABLE (search refuses while restrictions cannot be read) until it is fixed (\`darkroom check\`).\n`);
        process.stdout.write(`  answers: ${llm ? `LLM ${llm.name} (${llm.backend}${llm.gpu ? `, ${llm.gpu}` : ''})` : 'extractive (no LLM configured: set DARKROOM_LLM_MODEL to a GGUF file)'}\n`);
        const stop = () => {
          process.stdout.write('Stopping.\n');
          studio.suite()?.close();
          void server.close().then(() => rt?.close()).finally(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (err) {
        fail(err);
        await rt?.close();
      }
    });
}

/** Ingests corpora/demo as corpus "demo" when the archive does not hold it yet. */
async function ensureDemo(rt: Runtime): Promise<void> {
  if (!existsSync(demoCorpusDir)) return;
  if ((await rt.archive.countPassages('demo')) > 0) return;
  process.stdout.write(`The archive has no "demo" corpus: ingesting ${demoCorpusDir} …\n`);
  const [{ createMediaExtractor, mediaExtensions, mediaOptionsFrom }, { registerExtractor }, { ingest }] = await Promise.all([
    import('../../ingest/extract/media.ts'),
    import('../../ingest/extract/registry.ts'),
    import('../../ingest/pipeline.ts'),
  ]);
  registerExtractor([...mediaExtensions], createMediaExtractor(mediaOptionsFrom(rt.config)));
  const summary = await ingest({ archive: rt.archive, corpus: 'demo', inputs: [demoCorpusDir], embedder: await rt.embedder() });
  process.stdout.write(`  ${summary.ingested} files, ${summary.passages} passages${summary.failed ? `, ${summary.failed} failed` : ''} in ${summary.seconds.toFixed(1)} s\n`);
}
