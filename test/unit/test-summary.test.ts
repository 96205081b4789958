import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { countTestsInSuite } from '../helpers/summary-reporter.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const fixture = `import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
describe('needs a missing tool', { skip: 'the tool is absent' }, () => {
  it('one', () => {});
  it('two', () => {});
  describe('nested', () => {
    it('three', () => {});
  });
});
describe('runs', () => {
  it('passes', () => {});
  it('is skipped alone', { skip: 'why' }, () => {});
  it('fails', () => { assert.equal(1, 2); });
});
`;

describe('the test summary', () => {
  it('counts every test inside a skipped suite, nested suites included', () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'fixture.test.ts');
      writeFileSync(file, fixture);
      assert.equal(countTestsInSuite(file, 'needs a missing tool', 3), 3);
      assert.equal(countTestsInSuite(file, 'runs', 9), 3);
      assert.equal(countTestsInSuite(file, 'no such suite', 1), 1);
    } finally {
      tmp.cleanup();
    }
  });

  it('ends `scripts/test.sh` with a passed/failed/skipped line after node\'s own closing lines', { timeout: 120_000 }, () => {
    const tmp = tempDir();
    try {
      const file = path.join(tmp.dir, 'fixture.test.ts');
      writeFileSync(file, fixture);
      // Without NODE_TEST_CONTEXT the inner run reports on its own instead of to this runner.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      const run = spawnSync('bash', [path.join(repoRoot, 'scripts', 'test.sh'), file], { encoding: 'utf8', timeout: 110_000, env });
      assert.equal(run.status, 1, 'the fixture has one failing test');
      const lines = run.stdout.trim().split('\n');
      assert.equal(lines.at(-1), '1 passed, 1 failed, 4 skipped (3 of them inside skipped suites)');
      assert.ok(lines.some((l) => /^ℹ skipped \d+$/.test(l)), 'node\'s own summary is still printed');
    } finally {
      tmp.cleanup();
    }
  });
});
