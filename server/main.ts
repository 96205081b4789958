/**
 * The server's composition root: from a Runtime (config, archive, embedder), load the language model,
 * build the app and listen. Bound beyond loopback, it refuses to start until an admin exists (docs/access.md).
 */
import type { Router } from 'express';
import { DarkroomError, isDarkroomError } from '../core/errors.ts';
import type { StateStore } from '../core/store/state/open-state.ts';
import { createLogger } from '../core/logger.ts';
import { loadLlm } from '../core/models/llm/load.ts';
import type { LlmBackend } from '../core/models/llm/types.ts';
import type { Runtime } from '../core/runtime.ts';
import { createApp, type App, type AppDeps } from './app.ts';
import { createGenerationQueue } from './chat/queue.ts';
import { createUserDirectory, type UserDirectory } from '../core/store/state/access/users.ts';
import type { AuthMode } from './access/authenticate.ts';
import { openAnswerStore, type AnswerStore } from './records/answer-store.ts';
import { stateUnavailable, unavailableAnswerStore } from './records/unavailable-stores.ts';
import path from 'node:path';

const log = createLogger('server');

export interface StartOptions {
  extraRouters?: Array<[string, Router]>;
  onIo?: AppDeps['onIo'];
  /** Folder of the built web UI (default: web/dist of the project). */
  webRoot?: string | null;
  /** Concurrent generations; default 1 for a local model (one context), 4 for an OpenAI-compatible server. */
  concurrency?: number;
}

export interface RunningServer {
  url: string;
  app: App;
  /** Whether semantic search and the LLM are on, and why not; `state`: why the state store is unavailable (degraded start), or null. */
  status: { semantic: boolean; semanticNote: string | null; llm: LlmBackend['info'] | null; state: DarkroomError | null };
  close(): Promise<void>;
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * Refuses to start with sign-in on and no admin to sign in as (bound beyond loopback, or DARKROOM_AUTH=on),
 * naming the command that creates one.
 * @throws DarkroomError AUTH_REQUIRED
 */
export function assertCanServe(mode: AuthMode, users: Pick<UserDirectory, 'countAdmins'>, host: string): void {
  if ((mode.forced || !mode.loopback) && users.countAdmins() === 0) {
    const why = mode.loopback ? 'DARKROOM_AUTH=on asks for sign-in' : `it is bound to ${host}, which other machines can reach`;
    throw new DarkroomError(
      'AUTH_REQUIRED',
      `Darkroom will not start: ${why}, and no admin exists yet to sign in as. Create one first:\n  darkroom users add <name> --role admin\nthen start again (docs/access.md: a studio's LAN setup, step by step).`,
    );
  }
}

/** A failed listen as one message naming the address and the fix. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (err.code === 'EADDRINUSE') {
    return new DarkroomError('CONFIG_INVALID', `Port ${port} on ${host} is already in use (another Darkroom, or another program). Stop it, or choose another port: --port <n> or DARKROOM_PORT (0 picks a free one).`, { cause: err });
  }
  if (err.code === 'EACCES') {
    return new DarkroomError('CONFIG_INVALID', `Listening on ${where} is not allowed for this user (ports below 1024 need privileges). Choose a port from 1024 up: --port <n> or DARKROOM_PORT.`, { cause: err });
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return new DarkroomError('CONFIG_INVALID', `${host} is not an address of this machine. Use --host 127.0.0.1 (DARKROOM_HOST), or one of this machine's addresses.`, { cause: err });
  }
  return err;
}

/**
 * The state store, or why it cannot be opened (STATE_UNAVAILABLE: a damaged state.db). A server that cannot open it
 * starts degraded: search and playback work, everything that needs the store answers STATE_UNAVAILABLE.
 */
export function openStateOrError(rt: Runtime): StateStore | DarkroomError {
  try {
    return rt.state();
  } catch (err) {
    if (isDarkroomError(err, 'STATE_UNAVAILABLE')) return err;
    throw err;
  }
}

/**
 * A server without its state store cannot know who may sign in: it starts only for this machine (loopback, no
 * DARKROOM_AUTH=on), as the desk tool.
 * @throws DarkroomError STATE_UNAVAILABLE naming the fix otherwise
 */
export function assertCanServeDegraded(mode: AuthMode, error: DarkroomError, host: string): void {
  if (!mode.forced && mode.loopback) return;
  const why = mode.loopback ? 'DARKROOM_AUTH=on asks for sign-in' : `it is bound to ${host}, which other machines can reach`;
  throw new DarkroomError(
    'STATE_UNAVAILABLE',
    `Darkroom will not start: ${why}, and sign-in needs the state store, which cannot be opened. ${error.message}\nRun \`darkroom check\` for the fix; meanwhile \`darkroom serve --host 127.0.0.1\` serves search on this machine only.`,
    { cause: error },
  );
}

/** Loads the models, builds the app and listens on config.host:config.port (port 0: any free port). */
export async function startServer(rt: Runtime, options: StartOptions = {}): Promise<RunningServer> {
  const { config } = rt;
  const llm = await loadLlm(config);
  const embedder = await rt.embedder();
  const concurrency = options.concurrency ?? (llm?.info.backend === 'openai-compatible' ? 4 : 1);
  const mode = { forced: config.auth === 'on', loopback: isLoopback(config.host) };
  const opened = openStateOrError(rt);
  const state = opened instanceof DarkroomError ? null : opened;
  const stateError = opened instanceof DarkroomError ? stateUnavailable(opened, path.join(config.home, 'state.db')) : null;
  let store: AnswerStore;
  if (state) {
    store = await openAnswerStore(config.home, { state });
    assertCanServe(mode, createUserDirectory(state), config.host);
  } else {
    assertCanServeDegraded(mode, stateError as DarkroomError, config.host);
    log.warn('state store unavailable: serving degraded (search and playback only)', { home: config.home, error: stateError?.message });
    store = unavailableAnswerStore(stateError as DarkroomError, path.join(config.home, 'state.db'));
  }
  const models = [
    ...(config.embedModel ? [{ what: 'embedding model', path: config.embedModel }] : []),
    ...(config.llmModel ? [{ what: 'LLM', path: config.llmModel }] : []),
  ];
  const app = createApp({
    ...(state ? { access: { state, mode, sessionHours: config.sessionHours } } : {}),
    health: { home: config.home, stateError, models },
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    archive: rt.archive,
    embedder: () => Promise.resolve(embedder),
    llm: () => Promise.resolve(llm),
    store,
    queue: createGenerationQueue(concurrency),
    fusion: { vectorWeight: config.vectorWeight },
    extraRouters: options.extraRouters,
    onIo: options.onIo,
    allowedHosts: config.allowedHosts,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      app.http.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, config.host, config.port)));
      app.http.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await app.close().catch(() => undefined);
    await llm?.dispose();
    throw err;
  }
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (!isLoopback(config.host)) log.info('listening beyond loopback: sign-in required', { host: config.host, port });
  const stamp = rt.archive.embedder;
  const semanticNote = !embedder
    ? 'no embedding model configured (DARKROOM_EMBED_MODEL)'
    : !stamp
      ? 'the archive has no vectors yet'
      : stamp.sha256 !== embedder.stamp.sha256
        ? `the archive was embedded with ${stamp.name}, not ${embedder.stamp.name}`
        : null;
  return {
    url: `http://${host}:${port}/`,
    app,
    status: { semantic: semanticNote === null, semanticNote, llm: llm?.info ?? null, state: stateError },
    async close() {
      await app.close();
      await llm?.dispose();
    },
  };
}
