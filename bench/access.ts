/**
 * `npm run bench:access`: what the access checks cost (docs/access.md, "What the checks cost"). Two real
 * servers (createApp) share one archive and one state store, in the same run:
 * - off: the desk tool (no sign-in, no grant check, no audit);
 * - on:  sign-in forced, a viewer with a grant on the corpus signed in by cookie: every request reads the
 *        session and the grants, scopes the search to the granted corpora, and writes the audit trail.
 * Requests alternate between the two servers (on, off, off, on, …) so that the machine's noise falls on
 * both. Measured: GET /api/search (full-text), the chat socket's `search` round trip, POST /api/ask
 * (extractive, NDJSON: time to the first event and to the last), GET /media/:id/text and GET /media/:id.
 * Prints p50/p95 and the p50 overhead; asserts nothing.
 *
 * Also: how long a failed sign-in takes for an unknown name and for a known name with a wrong password
 * (alternated; the login limits raised for the run), which must not tell an attacker which names exist.
 *
 *   npm run bench:access                          (100k passages, 200 requests per measurement)
 *   npm run bench:access -- --passages 10k --requests 100
 *
 * The archive: three real text files ingested (so /media has sources), then synthetic passages (generated
 * words, no vectors: search is full-text, the path the checks add to most in relative terms).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../core/config.ts';
import { Archive } from '../core/store/archive.ts';
import { createUserDirectory } from '../core/store/state/access/users.ts';
import { openStateStore } from '../core/store/state/open-state.ts';
import { ingest } from '../ingest/pipeline.ts';
import { createApp, type App } from '../server/app.ts';
import { createGenerationQueue } from '../server/chat/queue.ts';
import { openAnswerStore } from '../server/records/answer-store.ts';
import { createMediaRouter } from '../server/http/media.ts';
import { parseBenchFlags, positiveNumber } from './flags.ts';

const flags = parseBenchFlags<{ passages: string; requests: number; logins: number }>(
  'bench:access',
  'Latency of search, ask, the chat socket and /media with the access checks on and off, in the same run.',
  (cmd) =>
    cmd
      .option('--passages <n>', 'synthetic passages in the archive (10k, 100k)', '100k')
      .option('--requests <n>', 'requests per measurement and server', positiveNumber(), 200)
      .option('--logins <n>', 'failed sign-ins timed per kind (unknown name, wrong password)', positiveNumber(), 40),
);
const passages = Math.round(parseFloat(flags.passages) * (/m$/i.test(flags.passages) ? 1e6 : /k$/i.test(flags.passages) ? 1e3 : 1));
if (!Number.isFinite(passages) || passages < 0) {
  console.error(`--passages ${flags.passages}: expected a size like 10k or 100k.`);
  process.exit(1);
}
const requests = flags.requests;
const PASSWORD = 'correct horse battery staple';
const CORPUS = 'bench';

/** Deterministic PRNG (mulberry32) so every run builds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(11);
const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'dri', 'el', 'sun', 'par', 'ni', 'qua', 'bel', 'tor', 'ham', 'wy', 'ost', 'fer', 'gla', 'chu'];
const vocabulary = Array.from({ length: 6000 }, (_, i) => {
  let w = '';
  let n = i + 7;
  do {
    w += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  } while (n > 0);
  return w;
});
const word = () => vocabulary[Math.floor(vocabulary.length * Math.pow(rand(), 3))]!;

function syntheticRows(start: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const text = Array.from({ length: 90 }, word).join(' ');
    return {
      id: `bench:${i}`, corpus: CORPUS, source_id: `syn${Math.floor(i / 50)}`, source_path: `/bench/source-${Math.floor(i / 50)}.txt`, source_hash: 'bench',
      kind: 'document', title: `Source ${Math.floor(i / 50)}`, ordinal: i % 50, page: null, char_start: 0, char_end: text.length, start_s: null, end_s: null,
      speaker: null, language: 'en', heading: null, text, fts_en: text, fts_fr: '',
    };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Side {
  name: 'on' | 'off';
  url: string;
  headers: Record<string, string>;
  socket: Socket;
}

/** Times `run` on both servers, alternating which goes first, after a warm-up; returns ms per side. */
async function measure(sides: [Side, Side], run: (side: Side, i: number) => Promise<number | void>): Promise<Record<'on' | 'off', number[]>> {
  for (let i = 0; i < 5; i++) for (const side of sides) await run(side, i);
  const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let i = 0; i < requests; i++) {
    const order = i % 2 === 0 ? sides : ([sides[1], sides[0]] as const);
    for (const side of order) {
      const t = performance.now();
      const own = await run(side, i);
      times[side.name].push(typeof own === 'number' ? own : performance.now() - t);
    }
  }
  return times;
}

const queries = Array.from({ length: 64 }, () => `${word()} ${word()} ${vocabulary[Math.floor(rand() * 600)]}`);
const fmt = (ms: number) => ms.toFixed(2).padStart(8);

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'darkroom-bench-access-'));
  const home = path.join(root, 'home');
  const docs = path.join(root, 'docs');
  mkdirSync(docs, { recursive: true });
  writeFileSync(path.join(docs, 'letter_1912_barn.txt'), 'August 14, 1912. The barn burned in August, struck by lightning during the storm. Mr. Pruitt lost two horses.');
  writeFileSync(path.join(docs, 'letter_1911_flood.txt'), 'March 3, 1911. The school by the river reopened after the flood. Miss Harriet Cole came back on Monday.');
  writeFileSync(path.join(docs, 'notes_harvest.md'), '# Harvest\n\nThe wheat harvest of 1913 was poor: hail in June flattened the east field.');
  const apps: App[] = [];
  const sockets: Socket[] = [];
  const archive = await Archive.open({ home });
  const state = openStateStore(home);
  try {
    await ingest({ archive, corpus: CORPUS, inputs: [docs], embedder: null });
    const table = await archive.passages();
    if (!table) throw new Error('the ingestion made no passages table');
    for (let start = 0; start < passages; start += 20_000) {
      await table.add(syntheticRows(start, Math.min(20_000, passages - start)));
      process.stderr.write(`\r  writing ${Math.min(passages, start + 20_000)} / ${passages}`);
    }
    process.stderr.write('\n  building indexes…\n');
    await archive.ensureIndexes();
    const source = (await archive.listSources({ corpus: CORPUS }))[0];
    if (!source) throw new Error('no source was ingested');

    const config = loadConfig({}, { home });
    const start = async (access: boolean): Promise<string> => {
      const app = createApp({
        archive,
        embedder: () => Promise.resolve(null),
        llm: () => Promise.resolve(null),
        store: await openAnswerStore(home, { state }),
        queue: createGenerationQueue(1),
        webRoot: null,
        extraRouters: [['/media', createMediaRouter({ archive, config })]],
        // The login limits are raised so that the timed failed sign-ins are not refused.
        ...(access ? { access: { state, mode: { forced: true, loopback: true }, loginLimits: { perAddress: 1e6, perUser: 1e6, windowMs: 60_000 } }, socketSweepMs: 0 } : {}),
      });
      apps.push(app);
      await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    };
    const offUrl = await start(false);
    const onUrl = await start(true);
    const users = createUserDirectory(state);
    await users.add({ name: 'vic', role: 'viewer', password: PASSWORD, actor: 'bench' });
    users.grant('vic', [CORPUS], 'bench');
    const login = await fetch(`${onUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'vic', password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const connect = async (url: string, headers: Record<string, string>) => {
      const socket = io(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const sides: [Side, Side] = [
      { name: 'on', url: onUrl, headers: { cookie }, socket: await connect(onUrl, { cookie }) },
      { name: 'off', url: offUrl, headers: {}, socket: await connect(offUrl, {}) },
    ];
    const ok = async (res: Response) => {
      if (res.status !== 200) throw new Error(`${res.url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return res;
    };

    console.log(`bench:access  ${passages.toLocaleString('en')} synthetic passages + 3 files, corpus "${CORPUS}", ${requests} requests per measurement and server; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('on = sign-in forced, a viewer with the grant (session + grants read, search scoped, audit written); off = the desk tool\n');
    const row = (label: string, t: Record<'on' | 'off', number[]>) => {
      const off = [...t.off].sort((a, b) => a - b);
      const on = [...t.on].sort((a, b) => a - b);
      const d = percentile(on, 50) - percentile(off, 50);
      console.log(`| ${label} | ${fmt(percentile(off, 50))} | ${fmt(percentile(off, 95))} | ${fmt(percentile(on, 50))} | ${fmt(percentile(on, 95))} | ${d >= 0 ? '+' : ''}${d.toFixed(2)} ms (${((d / percentile(off, 50)) * 100).toFixed(1)}%) |`);
    };

    process.stderr.write('  failed sign-ins…\n');
    const attempts: Record<'unknown name' | 'wrong password', number[]> = { 'unknown name': [], 'wrong password': [] };
    const attempt = async (username: string) => {
      const t = performance.now();
      const res = await fetch(`${onUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'not the password at all' }) });
      const body = await res.text();
      if (res.status !== 401) throw new Error(`a failed sign-in answered ${res.status}: ${body}`);
      return { ms: performance.now() - t, body };
    };
    const bodies = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await attempt('vic');
      await attempt(`nobody${i}`);
    }
    for (let i = 0; i < flags.logins; i++) {
      const kinds = i % 2 === 0 ? (['unknown name', 'wrong password'] as const) : (['wrong password', 'unknown name'] as const);
      for (const kind of kinds) {
        const { ms, body } = await attempt(kind === 'wrong password' ? 'vic' : `nobody${i}`);
        attempts[kind].push(ms);
        bodies.add(body);
      }
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean, sd };
    };
    const u = stats(attempts['unknown name']);
    const w = stats(attempts['wrong password']);
    console.log('| failed sign-in (POST /api/login, alternated) | p50 ms | p95 ms | mean ± sd ms |');
    console.log('|---|---|---|---|');
    console.log(`| unknown name, ${flags.logins} tries | ${fmt(u.p50)} | ${fmt(u.p95)} | ${u.mean.toFixed(1)} ± ${u.sd.toFixed(1)} |`);
    console.log(`| known name, wrong password, ${flags.logins} tries | ${fmt(w.p50)} | ${fmt(w.p95)} | ${w.mean.toFixed(1)} ± ${w.sd.toFixed(1)} |`);
    console.log(`\nunknown minus known: p50 ${(u.p50 - w.p50).toFixed(1)} ms, mean ${(u.mean - w.mean).toFixed(1)} ms (${((u.mean - w.mean) / (w.sd || 1)).toFixed(2)} sd); the ${bodies.size === 1 ? 'answers are byte-identical' : 'answers DIFFER'}\n`);
    console.log('| request | off p50 ms | off p95 ms | on p50 ms | on p95 ms | p50 overhead |');
    console.log('|---|---|---|---|---|---|');

    process.stderr.write('  GET /api/search…\n');
    row('GET /api/search (full-text)', await measure(sides, async (s, i) => {
      await (await ok(await fetch(`${s.url}/api/search?q=${encodeURIComponent(queries[i % queries.length]!)}&corpus=${CORPUS}&limit=10`, { headers: s.headers }))).json();
    }));
    process.stderr.write('  socket search…\n');
    row('socket `search` round trip', await measure(sides, (s, i) =>
      new Promise<void>((resolve, reject) => {
        s.socket.once('search:result', () => resolve());
        s.socket.once('search:error', (e: unknown) => reject(new Error(JSON.stringify(e))));
        s.socket.emit('search', { query: queries[i % queries.length], corpus: CORPUS, limit: 10 });
      }),
    ));
    process.stderr.write('  POST /api/ask…\n');
    const firstEvent: Record<'on' | 'off', number[]> = { on: [], off: [] };
    row('POST /api/ask (extractive), whole answer', await measure(sides, async (s, i) => {
      const t = performance.now();
      const res = await ok(await fetch(`${s.url}/api/ask?stream=1`, {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ question: `What happened to the barn in ${1900 + (i % 20)}?`, corpus: CORPUS, mode: 'extractive' }),
      }));
      const reader = res.body!.getReader();
      let first = true;
      for (;;) {
        const { done } = await reader.read();
        if (first) {
          firstEvent[s.name].push(performance.now() - t);
          first = false;
        }
        if (done) break;
      }
    }));
    row('POST /api/ask, time to first event', { on: firstEvent.on.slice(-requests), off: firstEvent.off.slice(-requests) });
    process.stderr.write('  /media…\n');
    row('GET /media/:id/text', await measure(sides, async (s) => {
      await (await ok(await fetch(`${s.url}/media/${source.id}/text`, { headers: s.headers }))).arrayBuffer();
    }));
    row('GET /media/:id (the file)', await measure(sides, async (s) => {
      await (await ok(await fetch(`${s.url}/media/${source.id}`, { headers: s.headers }))).arrayBuffer();
    }));
    const audited = (state.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
    console.log(`\naudit entries written by the "on" server during the run: ${audited}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const app of apps) await app.close();
    archive.close();
    state.close();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
