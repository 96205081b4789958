/**
 * The demo corpus (corpora/demo/archive) served to a headless Debian chromium, for the web UI's end-to-end
 * tests: ingested into a temp DARKROOM_HOME, the UI built into the temp folder, a real server on a free
 * loopback port. `llm` is read at each question, so a test can switch models between questions.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../core/config.ts';
import type { LlmBackend } from '../../core/models/llm/types.ts';
import { Archive } from '../../core/store/archive.ts';
import { createMediaExtractor, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { buildWeb } from '../../scripts/build-web.ts';
import { createApp, type App } from '../../server/app.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { needs, repoRoot, tempDir } from './env.ts';

export const chromiumPath = '/usr/bin/chromium';
export const demoArchive = path.join(repoRoot, 'corpora', 'demo', 'archive');
export const artifacts = path.join(repoRoot, 'test-artifacts');

/** Skip reason when chromium or the demo rush is absent (printed), else false. */
export function demoSkip(): string | false {
  return needs(chromiumPath, 'Debian chromium (apt-get install chromium)') || needs(path.join(demoArchive, 'rushes', 'rush_A001_jean_harbour.mp4'), 'the demo corpus rush');
}

export interface DemoServer {
  url: string;
  home: string;
  archive: Archive;
  app: App;
  browser: Browser;
  /** The model answering the next question (null: extractive). */
  llm: LlmBackend | null;
  newPage(locale?: string, width?: number): Promise<Page>;
  close(): Promise<void>;
}

/** Ingests the demo corpus, serves it, launches chromium. */
export async function serveDemo(): Promise<DemoServer> {
  const tmp = tempDir('darkroom-web-e2e-');
  const home = path.join(tmp.dir, 'home');
  registerExtractor([...mediaExtensions], createMediaExtractor({ prefer: 'sidecar' }));
  const archive = await Archive.open({ home });
  const summary = await ingest({ archive, corpus: 'demo', inputs: [demoArchive], embedder: null });
  assert.deepEqual(summary.results.filter((r) => r.status === 'failed').map((r) => path.basename(r.path)), []);
  const webRoot = path.join(tmp.dir, 'web');
  await buildWeb(webRoot);
  const server: DemoServer = {
    url: '',
    home,
    archive,
    app: undefined as unknown as App,
    browser: undefined as unknown as Browser,
    llm: null,
    async newPage(locale = 'en-US', width = 1440) {
      return server.browser.newPage({ viewport: { width, height: 900 }, locale, colorScheme: 'dark' });
    },
    async close() {
      await server.browser?.close();
      await server.app?.close();
      archive.close();
      tmp.cleanup();
    },
  };
  server.app = createApp({
    archive,
    embedder: () => Promise.resolve(null),
    llm: () => Promise.resolve(server.llm),
    store: await openAnswerStore(home),
    queue: createGenerationQueue(1),
    webRoot,
    extraRouters: [['/media', createMediaRouter({ archive, config: loadConfig({ DARKROOM_HOME: home }) })]],
  });
  await new Promise<void>((resolve) => server.app.http.listen(0, '127.0.0.1', () => resolve()));
  server.url = `http://127.0.0.1:${(server.app.http.address() as AddressInfo).port}`;
  server.browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
  return server;
}

/** Saves a screenshot as test-artifacts/<name>.png (for docs/web.md: scripts/web-screenshots.sh copies them). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

/** Types a question and sends it, then waits until the answer is done (its Chain button shows). */
export async function askAndWait(page: Page, question: string, timeout = 60_000): Promise<void> {
  const before = await page.getByTestId('open-chain').count();
  await page.getByTestId('question').fill(question);
  await page.getByTestId('ask').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="open-chain"]').length > n || document.querySelector('.answer-meta.error') !== null, before, { timeout });
}
