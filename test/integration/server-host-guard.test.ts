import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { loadConfig } from '../../core/config.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { createApp, type App } from '../../server/app.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { tempDir } from '../helpers/env.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request to 127.0.0.1:port with the headers as written (Host included), as a rebinding page sends it. */
function request(port: number, method: string, rawPath: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers, setHost: headers.Host === undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorOf = (reply: Reply) => (JSON.parse(reply.body) as { error: { code: string; message: string } }).error;

/** Connects a socket.io client with the given headers; resolves with 'connected' or the connect_error message. */
function handshake(url: string, headers: Record<string, string>, transport: 'websocket' | 'polling'): Promise<string> {
  const socket = connect(url, { transports: [transport], reconnection: false, forceNew: true, extraHeaders: headers, timeout: 20_000 });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error & { context?: { responseText?: string } }) => resolve(`refused: ${err.message} ${err.context?.responseText ?? ''}`));
  }).finally(() => socket.close());
}

describe('the host guard: DNS rebinding and cross-site requests', () => {
  const tmp = tempDir('darkroom-guard-');
  let app: App;
  let archive: Archive;
  let port = 0;
  let sourceId = '';
  let answerId = '';

  before(async () => {
    const home = path.join(tmp.dir, 'home');
    const docs = path.join(tmp.dir, 'docs');
    const web = path.join(tmp.dir, 'web');
    mkdirSync(docs);
    mkdirSync(web);
    writeFileSync(path.join(docs, 'note.txt'), 'The barn burned in August, struck by lightning during the storm.');
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Darkroom</title>');
    archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    sourceId = (await archive.listSources())[0]?.id ?? '';
    const store = await openAnswerStore(home);
    app = createApp({
      archive,
      embedder: () => Promise.resolve(null),
      llm: () => Promise.resolve(null),
      store,
      queue: createGenerationQueue(1),
      webRoot: web,
      extraRouters: [['/media', createMediaRouter({ archive, config: loadConfig({ DARKROOM_HOME: home }) })]],
      onIo: (io) => {
        io.of('/edit').on('connection', () => undefined);
      },
    });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
    port = (app.http.address() as AddressInfo).port;
    const asked = await request(port, 'POST', '/api/ask', { 'Content-Type': 'application/json' }, JSON.stringify({ question: 'What struck the barn?', corpus: 'test' }));
    answerId = (JSON.parse(asked.body) as { answer_id: string }).answer_id;
  });
  after(async () => {
    await app.close();
    archive.close();
    tmp.cleanup();
  });

  it('refuses a foreign Host on the API, /media and the web page, naming DARKROOM_ALLOWED_HOSTS', async () => {
    assert.ok(sourceId && answerId);
    for (const p of ['/api/conversations', `/media/${sourceId}`, `/media/${sourceId}/text`, '/', '/index.html']) {
      const reply = await request(port, 'GET', p, { Host: `evil.example:${port}` });
      assert.equal(reply.status, 421, `${p} with a foreign Host`);
      const error = errorOf(reply);
      assert.equal(error.code, 'HOST_NOT_ALLOWED');
      assert.match(error.message, /DARKROOM_ALLOWED_HOSTS/);
      assert.doesNotMatch(reply.body, /lightning|Darkroom<\/title>|barn/);
    }
  });

  it('answers its own names at its own port: 127.0.0.1, localhost, [::1]; not another port, a bad Host or none', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      assert.equal((await request(port, 'GET', '/api/conversations', { Host: host })).status, 200, host);
    }
    assert.equal((await request(port, 'GET', `/media/${sourceId}`, { Host: `127.0.0.1:${port}` })).status, 200);
    for (const host of [`localhost:${port + 1}`, 'localhost', `127.0.0.1.evil.example:${port}`, `user@127.0.0.1:${port}`, `localhost:${port}/x`]) {
      assert.equal((await request(port, 'GET', '/api/conversations', { Host: host })).status, 421, host);
    }
  });

  it('refuses a cross-origin form POST to /api/answers/:id/replay, and runs the same-origin one', async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const foreign = await request(port, 'POST', `/api/answers/${answerId}/replay`, { ...form, Origin: `http://rebind.evil:${port}` }, 'x=1');
    assert.equal(foreign.status, 403);
    assert.equal(errorOf(foreign).code, 'ORIGIN_NOT_ALLOWED');
    assert.match(errorOf(foreign).message, /rebind\.evil/);
    const hidden = await request(port, 'POST', `/api/answers/${answerId}/replay`, { ...form, Origin: 'null' });
    assert.equal(hidden.status, 403, 'a page that hides its origin (Origin: null) is refused');
    const otherApp = await request(port, 'POST', `/api/answers/${answerId}/replay`, { Origin: `http://localhost:${port + 1}` });
    assert.equal(otherApp.status, 403, 'another local app on another port is another origin');
    const byReferer = await request(port, 'DELETE', '/api/selects/test', { Referer: `http://rebind.evil:${port}/page.html` });
    assert.equal(byReferer.status, 403, 'Referer is checked when Origin is absent');
    const same = await request(port, 'POST', `/api/answers/${answerId}/replay`, { Origin: `http://127.0.0.1:${port}` });
    assert.equal(same.status, 200, same.body);
    const noOrigin = await request(port, 'POST', `/api/answers/${answerId}/replay`, {});
    assert.equal(noOrigin.status, 200, 'curl and the CLI send no Origin');
  });

  it('refuses a socket.io handshake with a foreign Origin or Host, on both namespaces and transports', async () => {
    const url = `http://127.0.0.1:${port}`;
    for (const transport of ['websocket', 'polling'] as const) {
      assert.equal(await handshake(url, {}, transport), 'connected', `${transport} without Origin`);
      assert.equal(await handshake(url, { Origin: url }, transport), 'connected', `${transport} same origin`);
      assert.equal(await handshake(`${url}/edit`, { Origin: url }, transport), 'connected', `${transport} /edit same origin`);
      for (const ns of ['', '/edit']) {
        assert.match(await handshake(url + ns, { Origin: `http://rebind.evil:${port}` }, transport), /^refused/, `${transport} ${ns} foreign Origin`);
      }
    }
    const polling = await request(port, 'GET', '/socket.io/?EIO=4&transport=polling', { Host: `evil.example:${port}` });
    assert.equal(polling.status, 403);
    assert.match(polling.body, /HOST_NOT_ALLOWED.*DARKROOM_ALLOWED_HOSTS/);
    const upgrade = await request(port, 'GET', '/socket.io/?EIO=4&transport=websocket', {
      Host: `127.0.0.1:${port}`,
      Origin: `http://rebind.evil:${port}`,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    });
    assert.equal(upgrade.status, 400, 'engine.io refuses a WebSocket upgrade with 400');
    assert.match(upgrade.body, /ORIGIN_NOT_ALLOWED/);
  });
});

describe('the host guard: configured names and a server bound to every interface', () => {
  const started: App[] = [];
  const tmp = tempDir('darkroom-guard-names-');
  let archive: Archive;
  const listen = async (host: string, allowedHosts?: string[]) => {
    const app = createApp({
      archive,
      embedder: () => Promise.resolve(null),
      llm: () => Promise.resolve(null),
      store: await openAnswerStore(path.join(tmp.dir, 'home')),
      queue: createGenerationQueue(1),
      webRoot: null,
      allowedHosts,
    });
    started.push(app);
    await new Promise<void>((resolve) => app.http.listen(0, host, () => resolve()));
    return (app.http.address() as AddressInfo).port;
  };
  before(async () => {
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
  });
  after(async () => {
    for (const app of started) await app.close();
    archive.close();
    tmp.cleanup();
  });

  it('answers the names of DARKROOM_ALLOWED_HOSTS: at its port and behind a proxy, or at the port given', async () => {
    const config = loadConfig({ DARKROOM_HOME: tmp.dir, DARKROOM_ALLOWED_HOSTS: ' Archive.Studio.LAN, proxy.lan:8443 ,' });
    assert.deepEqual(config.allowedHosts, ['archive.studio.lan', 'proxy.lan:8443']);
    const port = await listen('127.0.0.1', config.allowedHosts);
    const status = async (host: string, origin?: string) =>
      (await request(port, 'POST', '/api/answers/none/replay', { Host: host, ...(origin ? { Origin: origin } : {}) })).status;
    assert.equal(await status(`archive.studio.lan:${port}`), 404);
    assert.equal(await status('archive.studio.lan', 'https://archive.studio.lan'), 404, 'a reverse proxy on 443 sends no port');
    assert.equal(await status('proxy.lan:8443', 'https://proxy.lan:8443'), 404);
    assert.equal(await status(`proxy.lan:${port}`), 421, 'a name given with a port is allowed at that port only');
    assert.equal(await status(`localhost:${port}`, `http://localhost:${port}`), 404, 'loopback names stay allowed');
    assert.equal(await status(`archive.studio.lan:${port}`, 'https://evil.example'), 403);
  });

  it('refuses a malformed DARKROOM_ALLOWED_HOSTS entry, naming the variable', () => {
    assert.throws(() => loadConfig({ DARKROOM_HOME: tmp.dir, DARKROOM_ALLOWED_HOSTS: 'http://archive.lan/' }), /DARKROOM_ALLOWED_HOSTS \/ --allowed-hosts \(got "http:\/\/archive.lan\/"\): must be comma-separated host names/);
  });

  it('bound to 0.0.0.0 without a list, answers the machine host name and interface addresses, nothing else', async () => {
    const port = await listen('0.0.0.0');
    const status = async (host: string) => (await request(port, 'GET', '/api/conversations', { Host: host })).status;
    assert.equal(await status(`${hostname()}:${port}`), 200);
    const addresses = Object.values(networkInterfaces()).flat().filter((i) => i?.family === 'IPv4');
    for (const iface of addresses) assert.equal(await status(`${iface?.address ?? ''}:${port}`), 200, iface?.address);
    assert.equal(await status(`evil.example:${port}`), 421);
  });
});
