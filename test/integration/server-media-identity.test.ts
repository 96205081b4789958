import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { loadConfig } from '../../core/config.ts';
import { hashFileWithIdentity, recordedIdentity } from '../../core/files/file-identity.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { Archive } from '../../core/store/archive.ts';
import type { SourceRecord } from '../../core/types.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { proxyPathFor } from '../../server/http/media-proxy.ts';
import { tempDir } from '../helpers/env.ts';

function get(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      })
      .on('error', reject);
  });
}

const SECRET = 'root:$6$SECRET-SHADOW-HASH:19000:0:99999:7:::';

describe('/media serves only the file that was ingested', () => {
  const tmp = tempDir('darkroom-identity-');
  const home = path.join(tmp.dir, 'home');
  const docs = path.join(tmp.dir, 'docs');
  const shadow = path.join(tmp.dir, 'shadow');
  let archive: Archive;
  let server: http.Server;
  let port = 0;
  const idOf = async (name: string) => (await archive.listSources()).find((s) => s.path.endsWith(name))?.id ?? '';
  const errorCode = (body: string) => (JSON.parse(body) as { error: { code: string; message: string } }).error;

  before(async () => {
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'note.txt'), 'The barn burned in August, struck by lightning.');
    writeFileSync(path.join(docs, 'diary.txt'), 'The wheat harvest of 1913 was poor: hail in June.');
    writeFileSync(shadow, SECRET);
    archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    const app = express();
    app.use('/media', createMediaRouter({ archive, config: loadConfig({ DARKROOM_HOME: home }) }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    archive.close();
    tmp.cleanup();
  });

  it('records the real path, device, inode, size and mtime at ingest', async () => {
    const source = await archive.getSource(await idOf('note.txt'));
    const identity = source && recordedIdentity(source);
    assert.ok(identity, 'details_json.file is recorded');
    assert.equal(identity.real_path, path.join(docs, 'note.txt'));
    assert.equal(identity.size, 47);
    assert.match(identity.ino, /^\d+$/);
  });

  it('refuses a file swapped for a symlink to another file, on /media/:id and /media/:id/text, never sending its bytes', async () => {
    const id = await idOf('note.txt');
    assert.equal((await get(port, `/media/${id}`)).status, 200);
    const note = path.join(docs, 'note.txt');
    execFileSync('ln', ['-sf', shadow, note]);
    for (const p of [`/media/${id}`, `/media/${id}/text`]) {
      const r = await get(port, p);
      assert.equal(r.status, 409, `${p} after the swap`);
      const error = errorCode(r.body);
      assert.equal(error.code, 'SOURCE_CHANGED');
      assert.match(error.message, /changed on disk.*ingest it again/);
      assert.doesNotMatch(r.body, /SECRET|shadow/);
    }
    // Ingesting again reads the new file (the user's choice) and /media follows the new record.
    rmSync(note);
    writeFileSync(note, 'A new note written after the first ingest.');
    assert.equal((await get(port, `/media/${id}`)).status, 409, 'a new file at the same path is another file');
    await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    const again = await get(port, `/media/${id}`);
    assert.equal(again.status, 200);
    assert.equal(again.body, 'A new note written after the first ingest.');
  });

  it('refuses a file edited in place (size or mtime changed)', async () => {
    const id = await idOf('diary.txt');
    const diary = path.join(docs, 'diary.txt');
    assert.equal((await get(port, `/media/${id}/text`)).status, 200);
    appendFileSync(diary, ' And more.');
    assert.equal((await get(port, `/media/${id}`)).status, 409, 'size changed');
    await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    assert.equal((await get(port, `/media/${id}`)).status, 200);
    const later = new Date(Date.now() + 60_000);
    utimesSync(diary, later, later);
    const touched = await get(port, `/media/${id}/text`);
    assert.equal(touched.status, 409, 'mtime changed');
    assert.match(errorCode(touched.body).message, /modified after it was ingested/);
  });

  it('re-ingesting an unchanged file records its identity without re-extracting it (older archives)', async () => {
    const id = await idOf('diary.txt');
    const before = await archive.getSource(id);
    assert.ok(before);
    await archive.upsertSources([{ ...before, details_json: JSON.stringify({ chunk: JSON.parse(before.details_json ?? '{}').chunk }) }]);
    assert.equal(recordedIdentity((await archive.getSource(id)) as SourceRecord), null);
    // An old record with no identity: served after its sha256 matched the file (the file was touched above, same bytes).
    const r = await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    assert.equal(r.skipped, 2);
    assert.ok(recordedIdentity((await archive.getSource(id)) as SourceRecord), 'the skip recorded the identity');
    assert.equal((await get(port, `/media/${id}`)).status, 200);
  });

  it('checks a source with no recorded identity by its sha256: refuses a swapped file', async () => {
    const legacy = path.join(tmp.dir, 'legacy.txt');
    writeFileSync(legacy, 'An old source from before identities were recorded.');
    const { sha256 } = await hashFileWithIdentity(legacy);
    const record: SourceRecord = {
      id: 'legacy0001', corpus: 'test', path: legacy, hash: sha256, kind: 'document', title: 'legacy.txt', state: 'ingested', error: null,
      bytes: readFileSync(legacy).length, passages: 0, pages: null, duration_s: null, language: 'en', media_json: null, transcript_method: null,
      details_json: null, ingested_at: '2026-11-01T00:00:00Z',
    };
    await archive.upsertSources([record]);
    assert.equal((await get(port, '/media/legacy0001')).status, 200);
    writeFileSync(legacy, 'An old source from before identities were RECORDED.');
    assert.equal((await get(port, '/media/legacy0001')).status, 409, 'same size, other bytes');
    rmSync(legacy);
    symlinkSync(shadow, legacy);
    const r = await get(port, '/media/legacy0001');
    assert.equal(r.status, 409);
    assert.doesNotMatch(r.body, /SECRET/);
  });

  it('makes no proxy of a rush swapped after ingest (ffmpeg never reads the other file)', async () => {
    const tools = resolveMediaTools({});
    const rushes = path.join(tmp.dir, 'rushes');
    mkdirSync(rushes);
    const mov = path.join(rushes, 'A001.mov');
    const other = path.join(tmp.dir, 'other.mov');
    const lavfi = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:a', 'pcm_s16le', mov]);
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:a', 'pcm_s16le', other]);
    const { sha256, identity } = await hashFileWithIdentity(mov);
    const media = { duration_s: 1, fps: null, fps_rational: null, drop_frame: false, start_tc: null, reel: null, clip_name: null, creation_time: null, has_video: false, has_audio: true, video_codec: null, audio_codec: 'pcm_s16le', width: null, height: null };
    const record: SourceRecord = {
      id: 'rush0001', corpus: 'test', path: mov, hash: sha256, kind: 'media', title: 'A001.mov', state: 'ingested', error: null,
      bytes: identity.size, passages: 0, pages: null, duration_s: 1, language: 'en', media_json: JSON.stringify(media), transcript_method: null,
      details_json: JSON.stringify({ file: identity }), ingested_at: '2026-11-01T00:00:00Z',
    };
    await archive.upsertSources([record]);
    rmSync(mov);
    symlinkSync(other, mov);
    const r = await get(port, '/media/rush0001');
    assert.equal(r.status, 409);
    assert.equal(errorCode(r.body).code, 'SOURCE_CHANGED');
    assert.equal(existsSync(proxyPathFor(home, record)), false, 'no proxy was made');
    const playback = await get(port, '/media/rush0001/playback');
    assert.equal(playback.status, 409);
  });
});
