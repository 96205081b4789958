/**
 * The web UI end to end against the repository's own demo corpus (corpora/demo/archive), so that it runs on
 * a fresh clone: only Debian's chromium is needed. The corpus is ingested from its path into a temp
 * DARKROOM_HOME (nothing is written next to it). Screenshots go to test-artifacts/web-demo-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../core/config.ts';
import { Archive } from '../../core/store/archive.ts';
import { createMediaExtractor, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { buildWeb } from '../../scripts/build-web.ts';
import { createApp, type App } from '../../server/app.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { needs, repoRoot, tempDir } from '../helpers/env.ts';

const chromiumPath = '/usr/bin/chromium';
const demo = path.join(repoRoot, 'corpora', 'demo', 'archive');
const artifacts = path.join(repoRoot, 'test-artifacts');
const skip = needs(chromiumPath, 'Debian chromium (apt-get install chromium)') || needs(path.join(demo, 'rushes', 'rush_A001_jean_harbour.mp4'), 'the demo corpus rush');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `web-demo-${name}.png`) });
}

describe('the web UI on the demo corpus (fresh clone, chromium only)', { skip }, () => {
  let app: App;
  let archive: Archive;
  let cleanup: () => void = () => undefined;
  let url = '';
  let browser: Browser;
  let page: Page;

  before(async () => {
    const tmp = tempDir('darkroom-web-demo-');
    cleanup = tmp.cleanup;
    const home = path.join(tmp.dir, 'home');
    registerExtractor([...mediaExtensions], createMediaExtractor({ prefer: 'sidecar' }));
    archive = await Archive.open({ home });
    const summary = await ingest({ archive, corpus: 'demo', inputs: [demo], embedder: null });
    assert.deepEqual(summary.results.filter((r) => r.status === 'failed').map((r) => `${path.basename(r.path)}`), []);
    const webRoot = path.join(tmp.dir, 'web');
    await buildWeb(webRoot);
    app = createApp({
      archive,
      embedder: () => Promise.resolve(null),
      llm: () => Promise.resolve(null),
      store: await openAnswerStore(home),
      queue: createGenerationQueue(1),
      webRoot,
      extraRouters: [['/media', createMediaRouter({ archive, config: loadConfig({ DARKROOM_HOME: home }) })]],
    });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    archive?.close();
    cleanup();
  });

  it('says what answers and search run on, what the corpus holds, and offers example questions', async () => {
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => (document.querySelector('[data-testid="corpus"]') as HTMLSelectElement | null)?.value === 'demo');
    const corpusOption = await page.locator('[data-testid="corpus"] option[value="demo"]').innerText();
    assert.match(corpusOption, /demo · 12 sources · \d+ passages/);
    const status = await page.locator('#status').innerText();
    assert.match(status, /extractives/i, status);
    assert.match(status, /plein texte/i, 'semantic search is off here (no embedder), and the header says so');
    const welcome = page.getByTestId('welcome');
    await welcome.waitFor();
    assert.match(await welcome.innerText(), /demo/);
    assert.ok((await welcome.locator('button.example').count()) >= 3, 'example questions are offered');
    await shot(page, '0-welcome');
  });

  it('streams an answer citing the rush, which plays at its cited start on source TC 01:00:…', async () => {
    await page.getByTestId('question').fill("Où a-t-on retrouvé l'Hirondelle ?");
    await page.getByTestId('ask').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="answer-text"]')?.textContent ?? '').length > 0, undefined, { timeout: 20_000 });
    const card = page.locator('[data-testid="citation-cards"] li.card[data-kind="media"]').first();
    await card.waitFor({ timeout: 20_000 });
    assert.match(await card.locator('.card-file').innerText(), /^rush_A001_jean_harbour\.mp4$/);
    assert.match(await card.locator('.card-place').innerText(), /^TC 01:00:\d\d:\d\d – 01:00:\d\d:\d\d$/);
    const start = Number(await card.getAttribute('data-start-s'));
    assert.ok(Number.isFinite(start) && start > 0, 'the rush citation has a start time');
    await shot(page, '1-answer');
    await card.locator('.card-head').click();
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v !== null && v.readyState >= 1 && !v.seeking && v.currentTime > 0;
    }, undefined, { timeout: 20_000 });
    const current = await page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);
    const moment = Number(await card.getAttribute('data-moment-s'));
    assert.ok(moment >= start, `the words' moment ${moment} s is inside the passage starting at ${start} s`);
    const from = Math.max(0, moment - 1);
    assert.ok(Math.abs(current - from) < 0.5, `the player is at ${current} s: the words are spoken at ${moment} s, less the 1 s pre-roll`);
    assert.match(await page.getByTestId('player-tc').innerText(), /^01:00:\d\d:\d\d$/);
    await page.evaluate(() => document.querySelector('video')?.pause());
    await shot(page, '2-rush');

    // Each timed quotation plays from its own words; the pre-roll is a setting.
    const quotes = card.locator('button.quote-play');
    assert.ok((await quotes.count()) > 0, 'the quotations of a rush can be played');
    const last = quotes.last();
    const quoted = Number(await last.getAttribute('data-moment-s'));
    await last.click();
    const playerAt = async (expected: number) => {
      await page.waitForFunction((e) => {
        const v = document.querySelector('video');
        return v !== null && v.readyState >= 1 && !v.seeking && Math.abs(v.currentTime - e) < 0.5;
      }, expected, { timeout: 20_000 });
    };
    await playerAt(Math.max(0, quoted - 1));
    await page.getByTestId('preroll').fill('2');
    await page.getByTestId('preroll').dispatchEvent('change');
    await page.getByTestId('replay').click();
    await playerAt(Math.max(0, quoted - 2));
    await page.getByTestId('preroll').fill('1');
    await page.getByTestId('preroll').dispatchEvent('change');
    await page.evaluate(() => document.querySelector('video')?.pause());
  });

  it('opens the PDF citation at its page', async () => {
    const card = page.locator('[data-testid="citation-cards"] li.card[data-kind="pdf"]').first();
    await card.waitFor({ timeout: 5_000 });
    const pageNumber = await card.getAttribute('data-page');
    assert.ok(pageNumber && Number(pageNumber) >= 1, 'the PDF citation has a page');
    assert.equal(await card.locator('.card-place').innerText(), `p. ${pageNumber}`);
    await card.locator('.card-head').click();
    const src = await page.getByTestId('pdf-frame').getAttribute('src');
    assert.match(src ?? '', new RegExp(`^/media/[\\w-]+#page=${pageNumber}$`));
    await page.waitForTimeout(1000); // the PDF viewer paints after load; the screenshot is for people, not asserted
    await shot(page, '3-pdf');
  });

  it('shows the chain: the mode and the retrieved passages', async () => {
    await page.getByTestId('open-chain').last().click();
    await page.getByTestId('chain-mode').waitFor();
    assert.match(await page.getByTestId('chain-mode').innerText(), /xtracti/);
    assert.ok((await page.locator('.chain-passages li').count()) > 0, 'the retrieved passages are listed');
    assert.ok((await page.locator('.chain-passages li.cited').count()) > 0, 'the cited ones are marked');
    await shot(page, '4-chain');
  });

  it('lists the sources by file name and kind, with a transcript span instead of a time-of-day length', async () => {
    await page.locator('nav button[data-view="sources"]').click();
    const table = page.getByTestId('sources-table');
    await table.locator('tbody tr').nth(11).waitFor();
    const row = table.locator('tbody tr').filter({ hasText: 'rush_A003_marie_interview.vtt' });
    await row.locator('td.length').filter({ hasText: /14:02:\d\d – 14:0\d:\d\d/ }).waitFor({ timeout: 5_000 });
    assert.doesNotMatch(await row.innerText(), /14 h/);
    await shot(page, '5-sources');
  });
});
