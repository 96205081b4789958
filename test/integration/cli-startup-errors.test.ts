/**
 * Start-up failures of the `darkroom` command (real processes): each is one line naming the thing and the fix,
 * with exit code 2 when a setting must change; no stack trace unless `--log-level debug`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', LANCEDB_LOG: 'error' };
for (const name of ['DARKROOM_HOST', 'DARKROOM_PORT', 'DARKROOM_LOG_LEVEL']) delete env[name];

function darkroom(args: string[], options: { uid?: number } = {}) {
  const argv = options.uid === undefined ? [cli, ...args] : ['--reuid', String(options.uid), '--regid', String(options.uid), '--clear-groups', process.execPath, cli, ...args];
  return spawnSync(options.uid === undefined ? process.execPath : 'setpriv', argv, { encoding: 'utf8', env: { ...env, HOME: '/tmp' }, timeout: 120_000 });
}

/** One line on stderr, no stack frame. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

describe('start-up failures are one line naming the thing and the fix', { timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-startup-');
  let busy: Server;
  let port = 0;
  before(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const address = busy.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    tmp.cleanup();
  });

  it('port in use: names the port and --port, exit 2', () => {
    const r = darkroom(['serve', '--port', String(port), '--host', '127.0.0.1', '--no-demo', '--home', path.join(tmp.dir, 'home')]);
    assert.equal(r.status, 2, r.stderr);
    assertOneLine(r.stderr, new RegExp(`^darkroom: Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port <n> or DARKROOM_PORT`));
  });

  it('an archive folder that is a file: names it and DARKROOM_HOME, exit 2', () => {
    const file = path.join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = darkroom(['sources', '--home', file]);
    assert.equal(r.status, 2, r.stderr);
    assertOneLine(r.stderr, new RegExp(`^darkroom: Cannot create the archive folder ${file} \\(a file is in the way\\)\\. Set DARKROOM_HOME`));
  });

  it('an archive folder this user cannot read: names it and the fix, exit 2', (t) => {
    const home = path.join(tmp.dir, 'locked');
    mkdirSync(home);
    const root = process.getuid?.() === 0;
    if (root && !existsSync('/usr/bin/setpriv')) return t.skip('running as root without setpriv (util-linux): cannot run as another user');
    chmodSync(tmp.dir, 0o755);
    chmodSync(home, 0o700);
    if (!root) chmodSync(home, 0o000);
    try {
      // As root, permissions do not apply: the CLI runs as "nobody" against a folder only root may enter.
      const r = darkroom(['sources', '--home', home], root ? { uid: 65534 } : {});
      assert.equal(r.status, 2, r.stderr);
      assertOneLine(r.stderr, new RegExp(`^darkroom: The archive folder ${home} is not readable and writable by this user \\(EACCES.*Fix its owner or permissions, or set DARKROOM_HOME`));
    } finally {
      chmodSync(home, 0o700);
    }
  });

  it('a model path that does not exist: names the variable, exit 2', () => {
    const r = darkroom(['search', 'flood', '--home', path.join(tmp.dir, 'home'), '--embed-model', '/nowhere/model']);
    assert.equal(r.status, 2, r.stderr);
    assertOneLine(r.stderr, /^darkroom: DARKROOM_EMBED_MODEL points at \/nowhere\/model, which does not exist\. Fix the path/);
  });

  it('an unexpected error: one line and where to find more; the stack only with --log-level debug', () => {
    const home = path.join(tmp.dir, 'damaged');
    mkdirSync(path.join(home, 'lance', 'sources.lance', '_versions'), { recursive: true });
    writeFileSync(path.join(home, 'lance', 'sources.lance', '_versions', '1.manifest'), 'garbage\n');
    const r = darkroom(['sources', '--home', home]);
    assert.equal(r.status, 1, r.stderr);
    assertOneLine(r.stderr, /^darkroom: .*\(run again with --log-level debug for the details\)$/);
    const debug = darkroom(['sources', '--home', home, '--log-level', 'debug']);
    assert.equal(debug.status, 1);
    assert.match(debug.stderr, /^Error: /m, 'the error as thrown (with its stack, when it has one) with --log-level debug');
  });
});
