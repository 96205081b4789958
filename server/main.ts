/**
 * The server's composition root: from a Runtime (config, archive, embedder), load the language model,
 * build the app and listen. Binding to anything but loopback prints a warning: there is no access control yet.
 */
import type { Router } from 'express';
import type { Server as IoServer } from 'socket.io';
import type { ChatService } from './chat/service.ts';
import { createLogger } from '../core/logger.ts';
import { loadLlm } from '../core/models/llm/load.ts';
import type { LlmBackend } from '../core/models/llm/types.ts';
import type { Runtime } from '../core/runtime.ts';
import { createApp, type App } from './app.ts';
import { createGenerationQueue } from './chat/queue.ts';
import { openAnswerStore } from './records/answer-store.ts';

const log = createLogger('server');

export interface StartOptions {
  extraRouters?: Array<[string, Router]>;
  onIo?: (io: IoServer, chat: ChatService) => void;
  /** Concurrent generations; default 1 for a local model (one context), 4 for an OpenAI-compatible server. */
  concurrency?: number;
}

export interface RunningServer {
  url: string;
  app: App;
  /** Whether semantic search and the LLM are on, and why not. */
  status: { semantic: boolean; semanticNote: string | null; llm: LlmBackend['info'] | null };
  close(): Promise<void>;
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Loads the models, builds the app and listens on config.host:config.port (port 0: any free port). */
export async function startServer(rt: Runtime, options: StartOptions = {}): Promise<RunningServer> {
  const { config } = rt;
  const llm = await loadLlm(config);
  const embedder = await rt.embedder();
  const store = await openAnswerStore(config.home, { state: rt.state() });
  const concurrency = options.concurrency ?? (llm?.info.backend === 'openai-compatible' ? 4 : 1);
  const app = createApp({
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
  await new Promise<void>((resolve, reject) => {
    app.http.once('error', reject);
    app.http.listen(config.port, config.host, () => resolve());
  });
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (!isLoopback(config.host)) {
    log.warn('listening on a non-loopback interface: anyone who can reach this machine can read the archive (no access control yet)', { host: config.host, port });
  }
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
    status: { semantic: semanticNote === null, semanticNote, llm: llm?.info ?? null },
    async close() {
      await app.close();
      await llm?.dispose();
    },
  };
}
