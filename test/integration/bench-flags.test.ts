import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/env.ts';

/** Runs a bench script with `args` in a child process (it stops at its flags, before any work, in these cases). */
function runBench(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', `${name}.ts`), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the bench scripts take their flags through commander', { timeout: 600_000 }, () => {
  for (const name of ['access', 'ask', 'chunking', 'cli', 'ingest', 'search', 'transcribe']) {
    it(`bench:${name} prints its flags for --help and refuses an unknown flag`, () => {
      const help = runBench(name, ['--help']);
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`Usage: (npm run )?bench:${name} `));
      const bad = runBench(name, ['--no-such-flag']);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /unknown option '--no-such-flag'/);
    });
  }

  it('refuses a flag whose value is not a number, naming it', () => {
    const bad = runBench('ingest', ['--text-mb', 'lots']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--text-mb <n>.*expected a number/s);
  });
});
