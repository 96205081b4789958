/**
 * `darkroom users`, `tokens`, `audit` and `audit verify` as real child processes over one DARKROOM_HOME,
 * and `darkroom serve` refusing to start beyond loopback (or with DARKROOM_AUTH=on) until an admin exists.
 * The audit verify test edits a row of state.db the way someone with the file would, and expects that entry
 * to be named.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { appendAudit, redactAudit } from '../../core/store/state/access/audit.ts';
import { openStateStore } from '../../core/store/state/open-state.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('people, tokens and the audit trail from the command line', () => {
  const tmp = tempDir('darkroom-access-cli-');
  const home = path.join(tmp.dir, 'home');
  after(() => tmp.cleanup());

  const darkroom = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], {
        env: { ...process.env, DARKROOM_LOG_LEVEL: 'error', ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
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
      child.stdin.end(options.stdin ?? '');
    });

  it('says the desk tool runs without users, and refuses to serve beyond loopback until an admin exists', async () => {
    const list = await darkroom(['users', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /No user yet/);
    for (const [args, env] of [[['serve', '--host', '0.0.0.0', '--port', '0', '--no-demo'], {}], [['serve', '--port', '0', '--no-demo'], { DARKROOM_AUTH: 'on' }]] as const) {
      const serve = await darkroom([...args], { env });
      assert.notEqual(serve.code, 0, `serve ${args.join(' ')} started: ${serve.stdout}`);
      assert.match(serve.stderr, /no admin exists yet[\s\S]*darkroom users add <name> --role admin/, serve.stderr);
    }
  });

  it('adds people with a password from standard input, refuses a short one, grants and revokes corpora', async () => {
    const weak = await darkroom(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], { stdin: 'short\n' });
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /at least 10/);
    const ada = await darkroom(['users', 'add', 'ada', '--role', 'admin', '--password-stdin'], { stdin: 'correct horse battery staple\n' });
    assert.equal(ada.code, 0, ada.stderr);
    const bad = await darkroom(['users', 'add', 'vic', '--role', 'boss', '--password-stdin'], { stdin: 'correct horse battery staple\n' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /admin, editor or viewer/);
    assert.equal((await darkroom(['users', 'add', 'vic', '--role', 'viewer', '--password-stdin'], { stdin: 'another long passphrase' })).code, 0);
    assert.equal((await darkroom(['users', 'grant', 'vic', 'film-a', 'film-b'])).code, 0);
    assert.equal((await darkroom(['users', 'revoke', 'vic', 'film-b'])).code, 0);
    const listed = JSON.parse((await darkroom(['users', 'list', '--json'])).stdout) as Array<{ name: string; role: string; corpora: string[] }>;
    assert.deepEqual(listed.map((u) => [u.name, u.role, u.corpora]), [['ada', 'admin', []], ['vic', 'viewer', ['film-a']]]);
    const last = await darkroom(['users', 'remove', 'ada']);
    assert.equal(last.code, 2, 'the last admin cannot be removed');
    assert.match(last.stderr, /last admin/);
  });

  it('creates a token shown once and stored hashed, lists and revokes it', async () => {
    const created = await darkroom(['tokens', 'create', '--user', 'vic', '--name', 'Avid bay 2', '--json']);
    assert.equal(created.code, 0, created.stderr);
    const token = JSON.parse(created.stdout) as { id: string; token: string; user: string; name: string };
    assert.match(token.token, /^drk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const state = openStateStore(home);
    try {
      const row = state.db.prepare('SELECT secret_hash FROM tokens WHERE id = ?').get(token.id) as { secret_hash: string };
      assert.ok(!token.token.includes(row.secret_hash) && !row.secret_hash.includes(token.token.slice(14)), 'only a hash is stored');
    } finally {
      state.close();
    }
    const listed = await darkroom(['tokens', 'list']);
    assert.match(listed.stdout, new RegExp(`${token.id}\\s+vic\\s+Avid bay 2 .*last used never`));
    assert.ok(!listed.stdout.includes(token.token));
    assert.equal((await darkroom(['tokens', 'revoke', token.id])).code, 0);
    assert.match((await darkroom(['tokens', 'list'])).stdout, /REVOKED/);
  });

  it('lists every change in the audit trail, filtered by user and date', async () => {
    const all = JSON.parse((await darkroom(['audit', '--json'])).stdout) as Array<{ seq: number; action: string; actor: string; target: string | null; corpus: string | null }>;
    assert.deepEqual(all.map((e) => e.action), ['users.add', 'users.add', 'grants.add', 'grants.add', 'grants.revoke', 'tokens.create', 'tokens.revoke']);
    assert.ok(all.every((e) => e.actor === 'local'));
    assert.deepEqual(all.filter((e) => e.corpus === 'film-b').map((e) => e.action), ['grants.add', 'grants.revoke']);
    const byCorpus = JSON.parse((await darkroom(['audit', '--corpus', 'film-b', '--json'])).stdout) as unknown[];
    assert.equal(byCorpus.length, 2);
    assert.equal(JSON.parse((await darkroom(['audit', '--since', '2999-01-01', '--json'])).stdout).length, 0);
    assert.equal(JSON.parse((await darkroom(['audit', '--user', 'nobody', '--json'])).stdout).length, 0);
    const text = await darkroom(['audit']);
    assert.match(text.stdout, /users\.add .*vic/);
  });

  it('writes what `darkroom ingest` ingested to the audit trail', async () => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'note.txt'), 'The barn burned in August, struck by lightning.');
    const ingested = await darkroom(['ingest', docs, '--corpus', 'film-a']);
    assert.equal(ingested.code, 0, ingested.stderr);
    const entries = JSON.parse((await darkroom(['audit', '--corpus', 'film-a', '--json'])).stdout) as Array<{ action: string; details: { ingested?: number } | null }>;
    const entry = entries.find((e) => e.action === 'ingest');
    assert.equal(entry?.details?.ingested, 1);
  });

  it('writes who searched and asked what from the command line, and which sources came back', async () => {
    const search = await darkroom(['search', 'barn lightning', '--corpus', 'film-a', '--mode', 'lexical', '--json']);
    assert.equal(search.code, 0, search.stderr);
    const hits = (JSON.parse(search.stdout) as { hits: Array<{ source_id: string }> }).hits;
    assert.ok(hits.length > 0, search.stdout);
    const ask = await darkroom(['ask', 'When did the barn burn?', '--corpus', 'film-a', '--mode', 'extractive', '--json']);
    assert.equal(ask.code, 0, ask.stderr);
    const answer = JSON.parse(ask.stdout) as { answer_id: string };
    const entries = JSON.parse((await darkroom(['audit', '--corpus', 'film-a', '--json'])).stdout) as Array<{ action: string; actor: string; via: string; target: string | null; payload: string | null; details: { sources?: string[]; retrieved?: string[] } | null }>;
    const searched = entries.find((e) => e.action === 'search');
    assert.deepEqual([searched?.actor, searched?.via, searched?.payload], ['local', 'cli', 'barn lightning']);
    assert.deepEqual(searched?.details?.sources, [hits[0]!.source_id]);
    const asked = entries.find((e) => e.action === 'ask');
    assert.deepEqual([asked?.actor, asked?.via, asked?.target, asked?.payload], ['local', 'cli', answer.answer_id, 'When did the barn burn?']);
    assert.deepEqual(asked?.details?.retrieved, [hits[0]!.source_id]);
  });

  it('verifies after a payload is redacted by the purge, and names the first entry edited in the file', async () => {
    const state = openStateStore(home);
    try {
      state.write((db) => appendAudit(db, { actor: 'vic', action: 'ask', corpus: 'film-a', target: 'ans_1', payload: 'Where did Marguerite hide the ledger?' }));
      assert.throws(() => state.db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 3").run(), /append-only/);
      assert.throws(() => state.db.prepare('DELETE FROM audit WHERE seq = 3').run(), /append-only/);
      assert.equal(state.write((db) => redactAudit(db, { answerIds: ['ans_1'], texts: [], sourceIds: [] })), 1);
      assert.equal((state.db.prepare('SELECT payload FROM audit WHERE target = ?').get('ans_1') as { payload: string | null }).payload, null);
    } finally {
      state.close();
    }
    const ok = await darkroom(['audit', 'verify']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /verifies: 11 entries/);

    // Someone with the file drops the guard trigger and rewrites who did something.
    const db = new Database(path.join(home, 'state.db'));
    db.exec('DROP TRIGGER audit_only_redact');
    db.prepare("UPDATE audit SET target = 'mallory' WHERE seq = 3").run();
    db.close();
    const bad = await darkroom(['audit', 'verify', '--json']);
    assert.equal(bad.code, 1);
    const report = JSON.parse(bad.stdout) as { ok: boolean; firstBad: { seq: number; reason: string } };
    assert.equal(report.ok, false);
    assert.equal(report.firstBad.seq, 3);
    assert.match(report.firstBad.reason, /changed/);
  });
});
