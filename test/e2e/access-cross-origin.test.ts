/**
 * A page from another origin cannot read the archive or act on it, in Debian's chromium (playwright-core,
 * never a downloaded browser), against a real `darkroom serve` child process with sign-in on
 * (DARKROOM_AUTH=on, an admin made by `darkroom users add`) and signed in in the same browser.
 *
 * Two attacker origins serve the attacking page from a second HTTP server:
 * - `http://127.0.0.1:<other port>`: same site as Darkroom (cookies ignore ports, so SameSite=Strict does
 *   NOT keep the session cookie away): what stops it is the server's Origin check and the absence of CORS.
 * - `http://evil.test:<other port>` (chromium maps the name to 127.0.0.1): another site.
 * From each, the page tries: fetch with credentials (read sources, conversations, the user list), a
 * no-cors POST creating an admin, a form POST signing the victim out, and a socket.io websocket that
 * connects and searches. Then, from Darkroom's own origin, the session still works, no user was added,
 * and the audit trail has no sign-out. Last, a DNS-rebinding page (Darkroom's own port under the name
 * evil.test) is refused by the Host check.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { needs, repoRoot, tempDir } from '../helpers/env.ts';

const chromiumPath = '/usr/bin/chromium';
const skip = needs(chromiumPath, 'Debian chromium (apt-get install chromium)');
const PASSWORD = 'correct horse battery staple';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What the attacking page saw: each attempt's outcome, as the page's own script reports it. */
interface Attempt {
  read: Record<string, string>;
  noCorsPost: string;
  formPost: string;
  socket: { opened: boolean; messages: string[]; closed: string };
}

const env = (): NodeJS.ProcessEnv => {
  const copy: NodeJS.ProcessEnv = { ...process.env, DARKROOM_LOG_LEVEL: 'warn', DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_AUTH: 'on' };
  delete copy.DARKROOM_HOST;
  delete copy.DARKROOM_ALLOWED_HOSTS;
  return copy;
};

describe('a page from another origin against a signed-in Darkroom in chromium', { skip }, () => {
  const tmp = tempDir('darkroom-cross-origin-');
  const home = path.join(tmp.dir, 'home');
  let serve: ChildProcess | null = null;
  let attacker: Server | null = null;
  let browser: Browser | null = null;
  let target = '';
  let attackerPort = 0;
  let page: Page;

  const darkroom = (args: string[], stdin = ''): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(stdin);
    });

  before(async () => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'witness_marguerite.txt'), 'Marguerite hid the ledger under the barn floor in August 1944.');
    const ingested = await darkroom(['ingest', docs, '--corpus', 'film']);
    assert.equal(ingested.code, 0, ingested.stderr);
    const added = await darkroom(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
    assert.equal(added.code, 0, added.stderr);

    serve = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, 'serve', '--port', '0', '--no-demo'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    target = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start in 90 s:\n${out}`)), 90_000);
      serve?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out) : null;
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      serve?.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });

    // The attacker's site: any path answers a bare page; the attack runs as that page's script.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>cat pictures</title><iframe name="sink"></iframe>');
    });
    await new Promise<void>((resolve) => attacker?.listen(0, '127.0.0.1', () => resolve()));
    attackerPort = (attacker.address() as AddressInfo).port;

    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--host-resolver-rules=MAP evil.test 127.0.0.1'] });
    const context = await browser.newContext();
    // tsx names functions with a `__name` helper that pages do not have: give every page a no-op one.
    await context.addInitScript('globalThis.__name = (f) => f;');
    page = await context.newPage();
    // The victim signs in at Darkroom's own address (the login page's own request).
    await page.goto(target + 'api/health');
    const login = await page.evaluate(async (password) => {
      const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', password }) });
      return res.status;
    }, PASSWORD);
    assert.equal(login, 200);
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    if (serve && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve?.once('exit', resolve));
      serve.kill('SIGTERM');
      await exited;
    }
    tmp.cleanup();
  });

  /** From Darkroom's own origin: what the signed-in victim sees. */
  const asVictim = async () => {
    await page.goto(target + 'api/health');
    return page.evaluate(async () => {
      const get = async (url: string) => {
        const res = await fetch(url);
        return { status: res.status, body: await res.text() };
      };
      return { session: await get('/api/session'), sources: await get('/api/sources?corpus=film'), users: await get('/api/users') };
    });
  };

  it('the signed-in victim reads the archive from Darkroom\'s own origin (the control)', { timeout: 60_000 }, async () => {
    const seen = await asVictim();
    assert.match(seen.session.body, /"ada"/);
    assert.equal(seen.sources.status, 200);
    assert.match(seen.sources.body, /witness_marguerite\.txt/);
    assert.equal(seen.users.status, 200);
  });

  for (const name of ['127.0.0.1', 'evil.test']) {
    it(`a page at http://${name}:<another port> can neither read nor act, over fetch, a form or a websocket`, { timeout: 120_000 }, async () => {
      await page.goto(`http://${name}:${attackerPort}/`);
      const attempt: Attempt = await page.evaluate(async (target) => {
        const read: Record<string, string> = {};
        for (const url of ['api/sources?corpus=film', 'api/conversations', 'api/users', 'api/session']) {
          try {
            const res = await fetch(target + url, { credentials: 'include' });
            read[url] = `read ${res.status}: ${await res.text()}`;
          } catch (err) {
            read[url] = `blocked: ${String(err)}`;
          }
        }
        // socket.io's engine over a raw websocket: connect to "/", then search (before the sign-out attempt).
        const socket = await new Promise<Attempt['socket']>((resolve) => {
          const seen: Attempt['socket'] = { opened: false, messages: [], closed: '' };
          const ws = new WebSocket(target.replace(/^http/, 'ws') + 'socket.io/?EIO=4&transport=websocket');
          const done = () => {
            clearTimeout(timer);
            try {
              ws.close();
            } catch {
              /* already closed */
            }
            resolve(seen);
          };
          const timer = setTimeout(done, 8_000);
          ws.onopen = () => (seen.opened = true);
          ws.onerror = () => (seen.closed ||= 'error');
          ws.onclose = (e) => {
            seen.closed ||= `closed ${e.code}`;
            done();
          };
          ws.onmessage = (e) => {
            const data = String(e.data);
            seen.messages.push(data.slice(0, 300));
            if (data === '2') ws.send('3');
            else if (data.startsWith('0{')) ws.send('40');
            else if (data.startsWith('40{')) ws.send('42' + JSON.stringify(['search', { query: 'ledger barn', corpus: 'film' }]));
            else if (data.startsWith('42')) done();
          };
        });
        // A "simple" cross-origin POST goes out without a preflight; its answer is opaque, but it could act.
        let noCorsPost = '';
        try {
          const res = await fetch(target + 'api/users', {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify({ username: 'mallory', password: 'mallory-owns-the-archive', role: 'admin' }),
          });
          noCorsPost = `sent (${res.type})`;
        } catch (err) {
          noCorsPost = `blocked: ${String(err)}`;
        }
        // The classic CSRF: a form POST into a hidden frame, here signing the victim out.
        const formPost = await new Promise<string>((resolve) => {
          const frame = document.querySelector('iframe[name=sink]') as HTMLIFrameElement;
          const timer = setTimeout(() => resolve('no load in 10 s'), 10_000);
          frame.addEventListener('load', () => {
            clearTimeout(timer);
            resolve('submitted');
          });
          const form = document.createElement('form');
          form.method = 'POST';
          form.action = target + 'api/logout';
          form.target = 'sink';
          document.body.append(form);
          form.submit();
        });
        return { read, noCorsPost, formPost, socket };
      }, target);

      for (const [url, outcome] of Object.entries(attempt.read)) {
        assert.match(outcome, /^blocked: TypeError/, `${url} was readable from http://${name}: ${outcome}`);
      }
      assert.equal(attempt.formPost, 'submitted', 'the form POST did not even load');
      assert.ok(!attempt.socket.messages.some((m) => m.startsWith('40{')), `the websocket connected to "/": ${attempt.socket.messages.join(' | ')}`);
      assert.ok(!attempt.socket.messages.some((m) => /search:result|ledger|marguerite/i.test(m)), `the websocket searched: ${attempt.socket.messages.join(' | ')}`);

      // Nothing happened: the victim is still signed in, no user was added, the trail has no sign-out.
      const seen = await asVictim();
      assert.match(seen.session.body, /"ada"/, `the victim was signed out: ${seen.session.body}`);
      assert.equal(seen.sources.status, 200);
      assert.doesNotMatch(seen.users.body, /mallory/);
      const audit = await darkroom(['audit', '--json']);
      const actions = (JSON.parse(audit.stdout) as Array<{ action: string; target: string | null }>).map((e) => `${e.action} ${e.target ?? ''}`);
      assert.ok(!actions.some((a) => a.startsWith('logout') || a.includes('mallory')), actions.join('\n'));
    });
  }

  it('a DNS-rebinding page (Darkroom\'s own port under the name evil.test) is refused by the Host check', { timeout: 60_000 }, async () => {
    const port = new URL(target).port;
    const res = await page.goto(`http://evil.test:${port}/api/sources?corpus=film`);
    assert.ok(res && res.status() >= 400, `answered ${res?.status()}`);
    assert.doesNotMatch(await page.content(), /witness_marguerite/);
    assert.match(await page.content(), /HOST_NOT_ALLOWED|not one of|Host/i);
  });
});
