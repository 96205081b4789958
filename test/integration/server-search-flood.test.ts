import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { searchLimits } from '../../server/chat/work-gate.ts';
import { gloveModel, repoRoot, tempDir } from '../helpers/env.ts';

/** Resident memory of a process, in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function client(url: string, namespace = ''): Promise<Socket> {
  const socket = connect(url + namespace, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const demo = path.join(repoRoot, 'corpora', 'demo', 'archive');
const skip = existsSync(demo) ? (existsSync('/proc/self/status') ? false : 'needs /proc to read the server memory') : `the demo corpus is not at ${demo}`;
if (skip) process.stderr.write(`skip: ${skip}\n`);
/** How many search events the flood sends from one socket (the repro). */
const FLOOD = 2000;
/** How far the server's resident memory may grow from before to after the flood, and at its peak during it (MB). */
const GROWTH_BOUND_MB = 150;
const words = ['flood', 'barn', 'school', 'harvest', 'river', 'letter', 'storm', 'teacher', 'church', 'winter'];

describe('bounded searches: a flood from one client gets BUSY for the excess, every request answered, memory flat', { skip, timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-flood-');
  const home = path.join(tmp.dir, 'home');
  const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_LOG_LEVEL: 'error', DARKROOM_EMBED_MODEL: existsSync(gloveModel) ? gloveModel : '' };
  delete env.DARKROOM_HOST;
  delete env.DARKROOM_PORT;
  let server: ChildProcess;
  let url = '';
  const sockets: Socket[] = [];

  before(async () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'ingest', demo, '--corpus', 'demo', '--home', home], { env, stdio: 'ignore' });
    server = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'serve', '--no-demo', '--port', '0', '--home', home], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    url = await new Promise<string>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out) : null;
        if (m?.[1]) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });
  });
  after(() => {
    for (const s of sockets) s.close();
    server?.kill('SIGTERM');
    tmp.cleanup();
  });

  it(`answers all ${FLOOD} search events of one socket (results or BUSY), its memory flat within ${GROWTH_BOUND_MB} MB`, async () => {
    const pid = server.pid ?? 0;
    const socket = await client(url);
    sockets.push(socket);
    const replies = new Map<string, string>();
    socket.on('search:result', (r: { request_id: string }) => replies.set(r.request_id, 'result'));
    socket.on('search:error', (r: { request_id: string; error: { code: string } }) => replies.set(r.request_id, r.error.code));
    const waitFor = async (count: number) => {
      for (let i = 0; i < 6000 && replies.size < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    // Warm up: one search at a time, so that caches, indexes and the embedder are loaded before measuring.
    for (let i = 0; i < 40; i += 1) {
      socket.emit('search', { request_id: `warm${i}`, query: `${words[i % words.length]} ${words[(i * 3) % words.length]}`, corpus: 'demo', limit: 10 });
      await waitFor(i + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    replies.clear();
    for (let i = 0; i < FLOOD; i += 1) {
      socket.emit('search', { request_id: `f${i}`, query: `${words[i % words.length]} ${words[(i * 7) % words.length]}`, corpus: 'demo', limit: 20 });
    }
    await waitFor(FLOOD);
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const afterMb = rssMb(pid);
    const counts = [...replies.values()].reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    process.stderr.write(`flood: ${FLOOD} events -> ${JSON.stringify(counts)}; server RSS before ${before.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, after ${afterMb.toFixed(1)} MB\n`);
    assert.equal(replies.size, FLOOD, 'every search event is answered');
    assert.ok((counts.result ?? 0) >= searchLimits.perClient, 'searches within the budget run');
    assert.ok((counts.BUSY ?? 0) > 0, 'the excess gets BUSY');
    assert.equal((counts.result ?? 0) + (counts.BUSY ?? 0), FLOOD, 'nothing but results and BUSY');
    assert.ok(afterMb - before < GROWTH_BOUND_MB, `RSS after the flood (${afterMb.toFixed(1)} MB) within ${GROWTH_BOUND_MB} MB of before (${before.toFixed(1)} MB)`);
    assert.ok(peak - before < GROWTH_BOUND_MB, `peak RSS during the flood (${peak.toFixed(1)} MB) within ${GROWTH_BOUND_MB} MB of before (${before.toFixed(1)} MB)`);
    // The client is still served after its flood.
    socket.emit('search', { request_id: 'after', query: 'flood', corpus: 'demo' });
    await waitFor(FLOOD + 1);
    assert.equal(replies.get('after'), 'result');
  });

  it('bounds the HTTP search route and the edit-suite namespace the same way', async () => {
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => fetch(`${url}/api/search?q=${words[i % words.length]}&corpus=demo`).then(async (r) => [r.status, ((await r.json()) as { error?: { code: string } }).error?.code ?? 'ok'] as const)));
    const codes = statuses.map(([status, code]) => `${status} ${code}`);
    assert.ok(codes.includes('200 ok'));
    assert.ok(codes.includes('503 BUSY'), codes.join(', '));
    assert.ok(codes.every((c) => c === '200 ok' || c === '503 BUSY'), codes.join(', '));
    const panel = await client(url, '/edit');
    sockets.push(panel);
    await new Promise((resolve) => panel.emit('hello', { protocol: 1 }, resolve));
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new Promise<string>((resolve) => panel.emit('search', { request_id: `e${i}`, query: words[i % words.length] ?? 'flood', corpus: 'demo' }, (reply: { error?: { code: string } }) => resolve(reply.error?.code ?? 'ok')))),
    );
    assert.ok(acks.includes('ok'));
    assert.ok(acks.includes('BUSY'), acks.join(', '));
    assert.ok(acks.every((a) => a === 'ok' || a === 'BUSY'));
  });
});
