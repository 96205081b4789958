/**
 * A damaged archive does not silence the server: with state.db corrupt, a real `darkroom serve` process starts
 * degraded (search works; conversations, answers and selects answer 503 STATE_UNAVAILABLE with the fix) and
 * GET /api/health says what is broken (200 "degraded"); beyond loopback it refuses to start (no store, no
 * sign-in). A deleted data file makes health "degraded" (ARCHIVE_DAMAGED); tables that do not open make it 503
 * "unavailable". The web UI (Debian chromium) shows the banner.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { loadConfig } from '../../core/config.ts';
import { openRuntime } from '../../core/runtime.ts';
import { startServer } from '../../server/main.ts';
import { buildWeb } from '../../scripts/build-web.ts';
import { needs, tempDir } from '../helpers/env.ts';
import { cli, cliEnv, darkroom, dataFiles, garbleSqlite, latestManifest, makeArchive, resetCopy, truncate } from '../helpers/archive-damage.ts';

interface HealthBody {
  ok: boolean;
  status: string;
  problems: Array<{ code: string; what: string; means: string; fix: string }>;
  passages: number;
}

/** Starts `darkroom serve` on a free port; resolves with its URL and output once it has printed its status. */
/** Every server started, stopped by the suite's `after` whatever failed. */
const started: ChildProcess[] = [];

function serve(home: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--no-demo', '--home', home, ...extra], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out) : null;
      if (m?.[1]) resolve({ child, url: m[1], out: () => out });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`serve exited with ${code}:\n${out}`), { code, out })));
  });
}

function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('a damaged archive: serve starts degraded and /api/health says what is broken', { timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-degraded-');
  const home = path.join(tmp.dir, 'damaged');
  let pristine = '';
  let server: ChildProcess | null = null;
  before(() => {
    pristine = makeArchive(tmp.dir).home;
  });
  after(async () => {
    await Promise.all(started.map(stop));
    tmp.cleanup();
  });

  it('a whole archive: health 200 ok with no problem', async () => {
    resetCopy(pristine, home);
    const s = await serve(home);
    server = s.child;
    const res = await fetch(s.url + 'api/health');
    assert.equal(res.status, 200);
    const body = (await res.json()) as HealthBody;
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.problems, []);
    assert.equal(body.ok, true);
    await stop(server);
  });

  it('a corrupt state.db: serve starts degraded, search (restrictions unreadable) and state features answer 503 STATE_UNAVAILABLE', async () => {
    resetCopy(pristine, home);
    garbleSqlite(path.join(home, 'state.db'));
    const s = await serve(home);
    server = s.child;
    assert.match(s.out(), /DEGRADED: The state store .*state\.db cannot be opened/);

    const res = await fetch(s.url + 'api/health');
    assert.equal(res.status, 200);
    const health = (await res.json()) as HealthBody;
    assert.equal(health.status, 'degraded');
    assert.equal(health.ok, false);
    assert.equal(health.passages, 3, 'the archive still reads');
    const problem = health.problems.find((p) => p.code === 'STATE_UNAVAILABLE');
    assert.ok(problem, JSON.stringify(health.problems));
    assert.match(problem.means, /Playback works; search/);
    assert.match(problem.fix, /darkroom check/);

    // Restrictions (off the record, embargoes) live in state.db: search refuses rather than serve them blind.
    const search = await fetch(s.url + 'api/search?q=flood');
    assert.equal(search.status, 503);
    assert.equal(((await search.json()) as { error: { code: string } }).error.code, 'STATE_UNAVAILABLE');

    for (const [method, route, body] of [
      ['GET', 'api/conversations', undefined],
      ['POST', 'api/ask', JSON.stringify({ question: 'Where did the flood reach?' })],
      ['GET', 'api/selects/letters', undefined],
    ] as const) {
      const r = await fetch(s.url + route, { method, headers: { 'content-type': 'application/json' }, body });
      assert.equal(r.status, 503, `${method} ${route}`);
      const error = ((await r.json()) as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'STATE_UNAVAILABLE', `${method} ${route}`);
      assert.match(error.message, /state\.db cannot be opened .*playback works/);
    }
    await stop(server);
  });

  it('a corrupt state.db and a bind beyond loopback: refuses to start, naming why and what works on loopback', async () => {
    resetCopy(pristine, home);
    garbleSqlite(path.join(home, 'state.db'));
    await assert.rejects(serve(home, ['--host', '0.0.0.0']), (err: Error & { code?: number; out?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.out ?? '', /will not start: it is bound to 0\.0\.0\.0.*sign-in needs the state store/);
      assert.match(err.out ?? '', /darkroom serve --host 127\.0\.0\.1/);
      return true;
    });
  });

  it('a deleted data file: health 200 degraded ARCHIVE_DAMAGED naming darkroom check', async () => {
    resetCopy(pristine, home);
    rmSync(path.join(home, dataFiles(home, 'passages')[0] as string));
    const s = await serve(home);
    server = s.child;
    const res = await fetch(s.url + 'api/health');
    assert.equal(res.status, 200);
    const health = (await res.json()) as HealthBody;
    assert.equal(health.status, 'degraded');
    const problem = health.problems.find((p) => p.code === 'ARCHIVE_DAMAGED');
    assert.match(problem?.what ?? '', /1 archive files missing .*lance\/passages\.lance\/data\//);
    assert.match(problem?.fix ?? '', /darkroom check/);
    await stop(server);
  });

  it('tables that do not open: health 503 unavailable, ARCHIVE_UNREADABLE', async () => {
    resetCopy(pristine, home);
    truncate(path.join(home, latestManifest(home, 'sources')), 100);
    const s = await serve(home);
    server = s.child;
    const res = await fetch(s.url + 'api/health');
    assert.equal(res.status, 503);
    const health = (await res.json()) as HealthBody;
    assert.equal(health.status, 'unavailable');
    assert.ok(health.problems.some((p) => p.code === 'ARCHIVE_UNREADABLE'), JSON.stringify(health.problems));
    assert.doesNotMatch(JSON.stringify(health), /\.rs:\d+/);
    await stop(server);
  });

  it('darkroom check agrees: the same corrupt state.db is named, exit 1', () => {
    resetCopy(pristine, home);
    garbleSqlite(path.join(home, 'state.db'));
    const run = darkroom(home, ['check', '--no-sources']);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /DAMAGED \[state-damaged\] state\.db/);
  });
});

const chromiumPath = '/usr/bin/chromium';
describe('the web UI of a degraded server shows what is broken', { timeout: 300_000, skip: needs(chromiumPath, 'Debian chromium (apt-get install chromium)') }, () => {
  it('a banner naming the unavailable state store and its fix (real server in process, Debian chromium)', async () => {
    const tmp = tempDir('darkroom-degraded-ui-');
    const { home } = makeArchive(tmp.dir);
    garbleSqlite(path.join(home, 'state.db'));
    const webRoot = path.join(tmp.dir, 'web');
    await buildWeb(webRoot);
    const rt = await openRuntime(loadConfig({ DARKROOM_HOME: home, DARKROOM_PORT: '0', LANCEDB_LOG: 'error' }));
    const server = await startServer(rt, { webRoot });
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      const banner = page.getByTestId('health-banner');
      await banner.waitFor({ timeout: 60_000 });
      const text = await banner.innerText();
      assert.match(text, /running degraded: search works/);
      assert.match(text, /state store .*cannot be opened/);
      assert.match(text, /Fix: Run `darkroom check`/);
    } finally {
      await browser.close();
      await server.close();
      await rt.close();
      tmp.cleanup();
    }
  });
});
