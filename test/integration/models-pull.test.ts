import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { pullModel } from '../../core/models/pull.ts';
import { tempDir } from '../helpers/env.ts';

// A model file served on loopback only: never a hub.
const payload = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
for (let i = 0; i < payload.length; i++) payload[i] = (i * 31 + (i >> 9)) & 0xff;
const goodSha = createHash('sha256').update(payload).digest('hex');

describe('darkroom models pull, against a loopback server', () => {
  const tmp = tempDir();
  let server: Server;
  let base = '';

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/model.onnx') {
        res.writeHead(200, { 'content-length': String(payload.length) });
        res.end(payload);
      } else if (req.url === '/dies-midway.onnx') {
        // Promises the whole file, sends a third, then drops the connection.
        res.writeHead(200, { 'content-length': String(payload.length) });
        res.write(payload.subarray(0, payload.length / 3), () => res.socket?.destroy());
      } else {
        res.writeHead(404).end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  /** Files in `dir`, temporary ones included: a failed pull must leave none. */
  const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

  it('downloads, verifies the sha256 and puts the file in place', async () => {
    const to = path.join(tmp.dir, 'good', 'model.onnx');
    const result = await pullModel({ url: `${base}/model.onnx`, sha256: goodSha, to });
    assert.equal(result.sha256, goodSha);
    assert.equal(result.bytes, payload.length);
    assert.equal(result.already, false);
    assert.ok(readFileSync(to).equals(payload));
    assert.deepEqual(filesIn(path.dirname(to)), ['model.onnx']);
  });

  it('does not download again when the file is already there with that checksum', async () => {
    const to = path.join(tmp.dir, 'good', 'model.onnx');
    const result = await pullModel({ url: `${base}/model.onnx`, sha256: goodSha, to });
    assert.equal(result.already, true);
  });

  it('refuses a file whose checksum differs and leaves nothing behind', async () => {
    const dir = path.join(tmp.dir, 'bad');
    const wrong = 'a'.repeat(64);
    await assert.rejects(pullModel({ url: `${base}/model.onnx`, sha256: wrong, to: path.join(dir, 'model.onnx') }), (err) => {
      assert.ok(isDarkroomError(err, 'CHECKSUM_MISMATCH'));
      assert.match(err.message, new RegExp(goodSha));
      assert.match(err.message, /not kept/);
      return true;
    });
    assert.deepEqual(filesIn(dir), []);
  });

  it('reports an HTTP 404 with the URL and leaves nothing behind', async () => {
    const dir = path.join(tmp.dir, 'missing');
    await assert.rejects(pullModel({ url: `${base}/nope.onnx`, sha256: goodSha, to: path.join(dir, 'model.onnx') }), (err) => {
      assert.ok(isDarkroomError(err, 'DOWNLOAD_FAILED'));
      assert.match(err.message, /404/);
      assert.match(err.message, /nope\.onnx/);
      return true;
    });
    assert.deepEqual(filesIn(dir), []);
  });

  it('fails cleanly when the server dies mid-transfer', async () => {
    const dir = path.join(tmp.dir, 'dropped');
    await assert.rejects(pullModel({ url: `${base}/dies-midway.onnx`, sha256: goodSha, to: path.join(dir, 'model.onnx') }), (err) => {
      assert.ok(isDarkroomError(err, 'DOWNLOAD_FAILED'), String(err));
      assert.match(err.message, /again/);
      return true;
    });
    assert.deepEqual(filesIn(dir), []);
  });

  it('keeps an existing different file unless --force', async () => {
    const dir = path.join(tmp.dir, 'existing');
    const to = path.join(dir, 'model.onnx');
    await pullModel({ url: `${base}/model.onnx`, sha256: goodSha, to: path.join(dir, 'other.onnx') });
    writeFileSync(to, 'an older model');
    await assert.rejects(pullModel({ url: `${base}/model.onnx`, sha256: goodSha, to }), (err) => isDarkroomError(err, 'INPUT_INVALID') && /--force/.test(err.message));
    assert.equal(readFileSync(to, 'utf8'), 'an older model');
    await pullModel({ url: `${base}/model.onnx`, sha256: goodSha, to, force: true });
    assert.ok(readFileSync(to).equals(payload));
  });

  it('rejects a checksum that is not 64 hex digits before any request', async () => {
    await assert.rejects(pullModel({ url: `${base}/model.onnx`, sha256: 'abc', to: path.join(tmp.dir, 'x', 'model.onnx') }), (err) => isDarkroomError(err, 'INPUT_INVALID'));
    assert.equal(existsSync(path.join(tmp.dir, 'x')), false);
  });
});
