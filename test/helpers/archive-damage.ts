/**
 * A small real archive made by the real CLI, and the damages `darkroom check` must name: flipped bytes, a
 * truncated or deleted data file, a truncated version manifest, a state.db overwritten with garbage.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './env.ts';

export const cli = path.join(repoRoot, 'bin', 'darkroom.js');

/** The environment of a CLI child: no models, quiet LanceDB, nothing inherited that picks a port or a level. */
export function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', LANCEDB_LOG: 'error' };
  for (const name of ['DARKROOM_HOST', 'DARKROOM_PORT', 'DARKROOM_LOG_LEVEL', 'DARKROOM_HOME']) delete env[name];
  return env;
}

/** Runs `darkroom <args> --home <home>` to its end. */
export function darkroom(home: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8', env: cliEnv(), timeout: 180_000 });
}

/** Three letters in `<dir>/letters`, ingested as corpus "letters" into `<dir>/home` by the real CLI. Returns both folders. */
export function makeArchive(dir: string): { home: string; letters: string } {
  const letters = path.join(dir, 'letters');
  mkdirSync(letters, { recursive: true });
  const texts = [
    'March 3, 1911\n\nDear Mother,\n\nThe flood reached the school by the river. We carried the benches up to the loft.\n',
    'April 9, 1911\n\nDear Anna,\n\nThe mill burned on Sunday and the workers left for the coast.\n',
    'May 1, 1911\n\nDear Father,\n\nThe harvest was late, but the orchard survived the frost.\n',
  ];
  texts.forEach((t, i) => writeFileSync(path.join(letters, `letter-${i + 1}.txt`), t));
  const home = path.join(dir, 'home');
  const run = darkroom(home, ['ingest', letters, '--corpus', 'letters']);
  if (run.status !== 0) throw new Error(`ingest failed (${run.status}): ${run.stderr}`);
  return { home, letters };
}

/** A fresh copy of `pristine` at `home` (the previous copy removed). */
export function resetCopy(pristine: string, home: string): void {
  rmSync(home, { recursive: true, force: true });
  cpSync(pristine, home, { recursive: true });
}

/** The data files of a table (paths relative to the archive folder, `/` separators). */
export function dataFiles(home: string, table: string): string[] {
  const dir = path.join(home, 'lance', `${table}.lance`, 'data');
  return readdirSync(dir).filter((f) => f.endsWith('.lance')).map((f) => `lance/${table}.lance/data/${f}`).sort();
}

/** The newest version manifest of a table (LanceDB's v2 names count down: the smallest name is the newest). */
export function latestManifest(home: string, table: string): string {
  const dir = path.join(home, 'lance', `${table}.lance`, '_versions');
  const names = readdirSync(dir).filter((f) => f.endsWith('.manifest')).sort((a, b) => (BigInt(a.split('.')[0] ?? '0') < BigInt(b.split('.')[0] ?? '0') ? -1 : 1));
  return `lance/${table}.lance/_versions/${names[0]}`;
}

/** Flips `count` bytes (XOR 0xff) spread over the middle of a file, size unchanged. */
export function flipBytes(file: string, count: number): void {
  const bytes = readFileSync(file);
  const step = Math.max(1, Math.floor(bytes.length / 2 / count));
  for (let i = 0; i < count; i++) {
    const at = Math.floor(bytes.length / 4) + i * step;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  }
  writeFileSync(file, bytes);
}

/** Cuts a file to `size` bytes. */
export function truncate(file: string, size: number): void {
  truncateSync(file, size);
}

/** Overwrites everything after the first two pages of a SQLite file with pseudo-random bytes (fixed seed). */
export function garbleSqlite(file: string): void {
  const bytes = readFileSync(file);
  let seed = 12345;
  for (let i = 8192; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = seed & 0xff;
  }
  writeFileSync(file, bytes);
}
