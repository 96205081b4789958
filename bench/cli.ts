/**
 * `npm run bench:cli`: how long the `darkroom` command takes to answer, as a user types it, against `node -e 1`
 * measured in the same run. Each round runs every command once, in turn (so that load on the machine falls on
 * all of them alike); the figures are medians over the rounds.
 *
 * Rows: `darkroom --help`; `darkroom search "flood" --corpus demo` on a temporary archive holding the demo
 * corpus (ingested once by the CLI before the rounds); the same two through tsx (DARKROOM_CLI_BUILD=off, the
 * sources as they are); and what two libraries cost alone: importing LanceDB (its native module) and
 * registering tsx. `--root <dir>` measures another checkout (e.g. one before the compiled CLI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../core/config.ts';

const program = new Command('bench:cli')
  .description('Time `darkroom --help` and `darkroom search` against `node -e 1` (medians over rounds)')
  .option('--runs <n>', 'rounds (each runs every command once)', '9')
  .option('--root <dir>', 'the Darkroom checkout to measure', projectRoot)
  .option('--no-tsx', 'skip the rows that run the sources through tsx')
  .parse();
const opts = program.opts<{ runs: string; root: string; tsx: boolean }>();
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) program.error(`--runs ${opts.runs}: give a whole number from 1 to 100`);
const root = path.resolve(opts.root);
const cli = path.join(root, 'bin', 'darkroom.js');
const home = mkdtempSync(path.join(tmpdir(), 'darkroom-bench-cli-'));
const env = { ...process.env, DARKROOM_HOME: home, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', LANCEDB_LOG: 'error' };

interface Row {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

const rows: Row[] = [
  { name: 'node -e 1', args: ['-e', '1'] },
  { name: 'darkroom --help', args: [cli, '--help'] },
  { name: 'darkroom search "flood" --corpus demo', args: [cli, 'search', 'flood', '--corpus', 'demo'] },
  ...(opts.tsx
    ? [
        { name: 'darkroom --help (tsx)', args: [cli, '--help'], env: { DARKROOM_CLI_BUILD: 'off' } },
        { name: 'darkroom search (tsx)', args: [cli, 'search', 'flood', '--corpus', 'demo'], env: { DARKROOM_CLI_BUILD: 'off' } },
      ]
    : []),
  { name: 'import @lancedb/lancedb alone', args: ['--input-type=module', '-e', "await import('@lancedb/lancedb')"] },
  { name: 'register tsx alone', args: ['--input-type=module', '-e', "(await import('tsx/esm/api')).register()"] },
];

function time(row: Row): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, row.args, { cwd: root, env: { ...env, ...row.env }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${row.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const loadBefore = loadavg();
try {
  const demo = path.join(root, 'corpora', 'demo', 'archive');
  const ingest = spawnSync(process.execPath, [cli, 'ingest', demo, '--corpus', 'demo'], { cwd: root, env, encoding: 'utf8' });
  if (ingest.status !== 0) throw new Error(`ingesting the demo corpus failed: ${ingest.stderr}`);
  for (const row of rows) time(row); // warm-up: file cache, and the first build after a source change
  const times = new Map(rows.map((r) => [r.name, [] as number[]]));
  for (let i = 0; i < runs; i++) for (const row of rows) times.get(row.name)?.push(time(row));
  const base = median(times.get('node -e 1') ?? []);
  process.stdout.write(`darkroom CLI start-up, ${runs} rounds, ${root} (load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')})\n`);
  process.stdout.write(`${'command'.padEnd(40)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'over node -e 1'.padStart(15)}\n`);
  for (const row of rows) {
    const xs = times.get(row.name) ?? [];
    const m = median(xs);
    process.stdout.write(`${row.name.padEnd(40)} ${`${(m / 1000).toFixed(3)} s`.padStart(9)} ${`${(Math.min(...xs) / 1000).toFixed(3)} s`.padStart(9)} ${row.name === 'node -e 1' ? '' : `${`+${((m - base) / 1000).toFixed(3)} s`.padStart(15)}`}\n`);
  }
  process.stdout.write(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
