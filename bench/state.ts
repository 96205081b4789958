/**
 * `npm run bench:state`: the two candidate state stores on the same workload. N real writer processes each
 * save M answer records at once while one reader process lists conversations and fetches answers; then the
 * rows kept are counted. Prints, per store: processes x writes, kept, errors, writes/s (all writers together),
 * p95 write latency, reads done and p95 read latency. Asserts nothing.
 *
 *   npm run bench:state                       (4 x 200, both stores)
 *   npm run bench:state -- --procs 8 --writes 100 --stores sqlite
 *
 * sqlite: the state store itself (core/store/state, WAL, one transaction per save).
 * lancedb: a LanceDB table beside the passages, one `add` (one commit) per save.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import * as lancedb from '@lancedb/lancedb';
import Database from 'better-sqlite3';
import { openStateStore } from '../core/store/state/open-state.ts';

const run = promisify(execFile);
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const procs = Number(flag('procs', '4'));
const writes = Number(flag('writes', '200'));
const stores = flag('stores', 'sqlite,lancedb').split(',');
const worker = path.join(import.meta.dirname, 'state-worker.ts');

interface WorkerResult {
  role: string;
  latencies: number[];
  errorCount: number;
  errors: string[];
  reads: number;
  wall_ms: number;
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0) : 0;
};

async function spawnWorker(store: string, role: string, home: string, tag: string, count: number): Promise<WorkerResult> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', worker, store, role, home, tag, String(count)], { timeout: 900_000, maxBuffer: 64 << 20, env: { ...process.env, LANCEDB_LOG: 'error' } });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as WorkerResult;
  } catch (err) {
    return { role, latencies: [], errorCount: count, errors: [(err as Error).message.slice(0, 300)], reads: 0, wall_ms: 0 };
  }
}

async function countKept(store: string, home: string): Promise<number> {
  if (store === 'sqlite') {
    const db = new Database(path.join(home, 'state.db'), { readonly: true });
    const n = (db.prepare('SELECT COUNT(DISTINCT id) AS n FROM answers').get() as { n: number }).n;
    db.close();
    return n;
  }
  const db = await lancedb.connect(path.join(home, 'lance'));
  const table = await db.openTable('answers');
  const ids = new Set((await table.query().select(['id']).toArray()).map((r) => String((r as { id: string }).id)));
  db.close();
  return ids.size;
}

async function prepare(store: string, home: string): Promise<void> {
  if (store === 'sqlite') return openStateStore(home).close();
  const db = await lancedb.connect(path.join(home, 'lance'));
  await db.createTable('answers', [{ id: 'seed', conversation_id: 'seed', created_at: '', record: '{}' }]);
  await (await db.openTable('answers')).delete(`id = 'seed'`);
  db.close();
}

process.stdout.write(`state store bench: ${procs} processes x ${writes} writes, 1 reader; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
process.stdout.write('store    procs x writes  kept   errors  writes/s  p95 write ms  reads  p95 read ms  wall s\n');
for (const store of stores) {
  const home = mkdtempSync(path.join(tmpdir(), `darkroom-bench-state-${store}-`));
  try {
    await prepare(store, home);
    const t = performance.now();
    const readerMs = 5_000;
    const [reader, ...writers] = await Promise.all([
      spawnWorker(store, 'reader', home, 'r', readerMs),
      ...Array.from({ length: procs }, (_, i) => spawnWorker(store, 'writer', home, `w${i + 1}`, writes)),
    ]);
    const wall = (performance.now() - t) / 1000;
    const kept = await countKept(store, home);
    const errors = writers.reduce((n, w) => n + w.errorCount, 0) + (reader?.errorCount ?? 0);
    const writeLat = writers.flatMap((w) => w.latencies);
    const writeWall = Math.max(...writers.map((w) => w.wall_ms)) / 1000;
    process.stdout.write(
      `${store.padEnd(8)} ${`${procs} x ${writes}`.padEnd(15)} ${String(kept).padEnd(6)} ${String(errors).padEnd(7)} ${(writeLat.length / writeWall).toFixed(0).padEnd(9)} ${p95(writeLat).toFixed(1).padEnd(13)} ${String(reader?.reads ?? 0).padEnd(6)} ${p95(reader?.latencies ?? []).toFixed(1).padEnd(12)} ${wall.toFixed(1)}\n`,
    );
    for (const w of [...writers, reader]) if (w && w.errors.length > 0) process.stdout.write(`  ${store} ${w.role} error: ${w.errors[0]}\n`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
