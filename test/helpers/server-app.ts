/**
 * A real server for tests: a LanceDB archive in a temporary folder holding a few small documents,
 * the app listening on 127.0.0.1 port 0, and a lowdb state file beside it. No fakes: retrieval,
 * evidence, extractive answers and records all run for real.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { LlmBackend } from '../../core/models/llm/types.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { createApp, type App } from '../../server/app.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { openAnswerStore, type AnswerStore } from '../../server/records/answer-store.ts';
import type { Authenticate } from '../../server/access/authenticate.ts';
import { loadConfig } from '../../core/config.ts';
import { openSelectStore } from '../../server/selects/select-store.ts';
import { createSelectsService } from '../../server/selects/selects-service.ts';
import { createStudioExtras } from '../../server/studio.ts';
import { openStateStore, type StateStore } from '../../core/store/state/open-state.ts';
import type { LoginLimits } from '../../server/access/rate-limit.ts';
import { tempDir } from './env.ts';

/** Small documents with facts the tests ask about. */
export const fixtureDocs: Record<string, string> = {
  'letter_1911_flood.txt':
    'March 3, 1911\n\nDear Mother,\n\nThe school by the river reopened after the flood. The teacher, Miss Harriet Cole, came back on Monday. ' +
    'The water had reached the second step of the church.\n\nYour loving son, Thomas.',
  'letter_1912_barn.txt':
    'August 14, 1912\n\nDear Sister,\n\nThe barn burned in August, struck by lightning during the storm. Mr. Pruitt lost two horses and all the hay. ' +
    'The neighbours came with buckets from the creek.\n\nThomas.',
  'notes_harvest.md': '# Harvest notes\n\nThe wheat harvest of 1913 was poor: hail in June flattened the east field. The threshing crew came in September.',
};

export interface TestServer {
  url: string;
  app: App;
  archive: Archive;
  store: AnswerStore;
  /** The state store the server writes (answers, users, audit). */
  state: StateStore;
  home: string;
  docs: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  llm?: LlmBackend | null;
  concurrency?: number;
  /** Mount what `darkroom serve` mounts too: /media, /api/selects, the /edit namespace (server/studio.ts). */
  studio?: boolean;
  /** Who sends each request; default: the desk tool (everyone is the local admin). */
  authenticate?: Authenticate;
  /** More routers, mounted after the studio's. */
  extraRouters?: Array<[string, Router]>;
  /** Folder of a built web UI to serve (default: none). */
  webRoot?: string;
  /**
   * People, sessions, tokens and the audit trail in the state store (docs/access.md). Default mode: loopback,
   * not forced, so logins are on once a user exists. Absent: the desk tool with no access deps.
   */
  access?: { forced?: boolean; loopback?: boolean; loginLimits?: LoginLimits; socketSweepMs?: number };
  /** More corpora to ingest beside "test": name -> documents. */
  corpora?: Record<string, Record<string, string>>;
}

/** Builds the archive (corpus "test") and starts the server. `llm` is the model backend, null for extractive only. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const tmp = tempDir('darkroom-server-');
  const home = path.join(tmp.dir, 'home');
  const docs = path.join(tmp.dir, 'docs');
  mkdirSync(docs);
  for (const [name, text] of Object.entries(fixtureDocs)) writeFileSync(path.join(docs, name), text);
  const archive = await Archive.open({ home });
  await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
  for (const [corpus, files] of Object.entries(options.corpora ?? {})) {
    const dir = path.join(tmp.dir, `docs-${corpus}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    await ingest({ archive, corpus, inputs: [dir], embedder: null });
  }
  const state = openStateStore(home);
  const store = await openAnswerStore(home, { state });
  const llm = options.llm ?? null;
  const studio = options.studio
    ? createStudioExtras({ archive, config: loadConfig({}, { home }), selects: createSelectsService({ archive, store: await openSelectStore(home, { state }) }), embedder: () => Promise.resolve(null), pollMs: 0 })
    : null;
  const app = createApp({
    extraRouters: [...(studio?.extraRouters ?? []), ...(options.extraRouters ?? [])],
    ...(studio ? { onIo: studio.onIo } : {}),
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
    ...(options.access
      ? { access: { state, mode: { forced: options.access.forced ?? false, loopback: options.access.loopback ?? true }, loginLimits: options.access.loginLimits }, socketSweepMs: options.access.socketSweepMs ?? 0 }
      : {}),
    archive,
    embedder: () => Promise.resolve(null),
    llm: () => Promise.resolve(llm),
    store,
    queue: createGenerationQueue(options.concurrency ?? 1),
    webRoot: options.webRoot ?? null,
  });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = app.http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    archive,
    store,
    state,
    home,
    docs,
    async close() {
      studio?.suite()?.close();
      await app.close();
      archive.close();
      state.close();
      tmp.cleanup();
    },
  };
}

/** Reads an NDJSON response body into its events. */
export async function readNdjson(res: Response): Promise<Array<Record<string, unknown>>> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
