import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { repoRoot, tempDir } from '../helpers/env.ts';

interface Reply {
  status: number;
  body: string;
}

/** A raw HTTP request with the path sent byte for byte as written (no client-side re-encoding). */
function request(port: number, method: string, rawPath: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorOf = (reply: Reply) => (JSON.parse(reply.body) as { error: { code: string; message: string } }).error;

describe('bad percent-encodings and bodies: a real darkroom serve answers 400 (or 415) from the error registry, never 500', { timeout: 180_000 }, () => {
  const tmp = tempDir('darkroom-badreq-');
  const home = path.join(tmp.dir, 'home');
  const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_EMBED_MODEL: '', DARKROOM_LOG_LEVEL: 'error' };
  delete env.DARKROOM_HOST;
  delete env.DARKROOM_PORT;
  let server: ChildProcess;
  let port = 0;
  let stderr = '';

  before(async () => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'note.txt'), 'The barn burned in August, struck by lightning during the storm.');
    const darkroom = path.join(repoRoot, 'bin', 'darkroom.js');
    execFileSync(process.execPath, [darkroom, 'ingest', docs, '--corpus', 'test', '--home', home], { env, stdio: 'ignore' });
    server = spawn(process.execPath, [darkroom, 'serve', '--no-demo', '--port', '0', '--home', home], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let out = '';
    port = await new Promise<number>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out) : null;
        if (m?.[1]) resolve(Number(m[1]));
      });
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${stderr}`)));
    });
  });
  after(() => {
    server?.kill('SIGTERM');
    tmp.cleanup();
  });

  for (const rawPath of ['/media/%ff%fe', '/media/%c0%ae%c0%ae/text', '/media/abc/%c0%ae%c0%ae%2f', '/api/sources/%ff%fe', '/api/answers/%ff/replay', '/%ff%fe']) {
    it(`answers 400 INPUT_INVALID for the path ${rawPath}, naming the encoding`, async () => {
      const reply = await request(port, rawPath.includes('replay') ? 'POST' : 'GET', rawPath);
      assert.equal(reply.status, 400, reply.body);
      const error = errorOf(reply);
      assert.equal(error.code, 'INPUT_INVALID');
      assert.match(error.message, /percent-encoding that is not valid UTF-8/);
    });
  }

  it('answers 400 INPUT_INVALID for a body that is not the gzip or deflate its Content-Encoding says, naming the encoding', async () => {
    const json = { 'Content-Type': 'application/json' };
    const bogus = await request(port, 'POST', '/api/ask', { ...json, 'Content-Encoding': 'gzip' }, Buffer.from('this is not gzip'));
    assert.equal(bogus.status, 400, bogus.body);
    assert.equal(errorOf(bogus).code, 'INPUT_INVALID');
    assert.match(errorOf(bogus).message, /not valid gzip data \(Content-Encoding: gzip\)/);
    const truncated = await request(port, 'POST', '/api/ask', { ...json, 'Content-Encoding': 'gzip' }, gzipSync('{"question":"barn"}').subarray(0, 15));
    assert.equal(truncated.status, 400, truncated.body);
    assert.equal(errorOf(truncated).code, 'INPUT_INVALID');
    const deflate = await request(port, 'POST', '/api/ask', { ...json, 'Content-Encoding': 'deflate' }, Buffer.from('xx'));
    assert.equal(deflate.status, 400, deflate.body);
    assert.match(errorOf(deflate).message, /not valid deflate data/);
  });

  it('answers 415 ENCODING_UNSUPPORTED for an encoding or charset it does not read, naming it and what it reads', async () => {
    const compress = await request(port, 'POST', '/api/ask', { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, Buffer.from('{}'));
    assert.equal(compress.status, 415, compress.body);
    assert.equal(errorOf(compress).code, 'ENCODING_UNSUPPORTED');
    assert.match(errorOf(compress).message, /"compress".*gzip, deflate or br/);
    const charset = await request(port, 'POST', '/api/ask', { 'Content-Type': 'application/json; charset=latin9' }, Buffer.from('{}'));
    assert.equal(charset.status, 415, charset.body);
    assert.match(errorOf(charset).message, /charset "LATIN9"/);
  });

  it('still reads a well-formed gzip body and serves good paths after the bad ones', async () => {
    const ask = await request(port, 'POST', '/api/ask', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync('{"question":"When did the barn burn?"}'));
    assert.equal(ask.status, 200, ask.body);
    assert.match(ask.body, /barn burned in August/);
    const health = await request(port, 'GET', '/api/health');
    assert.ok(health.status === 200 || health.status === 503, health.body);
    assert.doesNotMatch(stderr, /request failed/, 'no bad request was logged as a server failure');
  });
});
