import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { loadConfig } from '../../core/config.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { Archive } from '../../core/store/archive.ts';
import type { MediaInfo, SourceRecord } from '../../core/types.ts';
import { createMediaRouter } from '../../server/http/media.ts';
import { proxyPathFor } from '../../server/http/media-proxy.ts';
import { contentSecurityPolicy, securityHeaders } from '../../server/http/security.ts';
import { needsFfmpeg, repoRoot, tempDir, testFfmpeg } from '../helpers/env.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP GET: the path is sent as written (no URL normalisation), as an attacker would send it. */
function get(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The identity ingest records for a file (core/files/file-identity.ts): /media serves only that file. */
function identityOf(file: string) {
  const st = statSync(file, { bigint: true });
  return { real_path: realpathSync(file), dev: st.dev.toString(), ino: st.ino.toString(), size: Number(st.size), mtime_ns: st.mtimeNs.toString() };
}

function sourceRecord(id: string, file: string, kind: SourceRecord['kind'], media: Partial<MediaInfo> | null = null): SourceRecord {
  const full: MediaInfo | null = media && {
    duration_s: 2, fps: 25, fps_rational: '25/1', drop_frame: false, start_tc: '01:00:00:00', reel: null, clip_name: null, creation_time: null,
    has_video: true, has_audio: true, video_codec: 'h264', audio_codec: 'aac', width: 160, height: 90, ...media,
  };
  return {
    id, corpus: 'test', path: file, hash: id.padEnd(64, '0'), kind, title: path.basename(file), state: 'ingested', error: null,
    bytes: readFileSync(file).length, passages: 0, pages: null, duration_s: full ? 2 : null, language: 'en',
    media_json: full ? JSON.stringify(full) : null, transcript_method: null, details_json: JSON.stringify({ file: identityOf(file) }), ingested_at: '2026-11-26T00:00:00Z',
  };
}

const noFfmpeg = needsFfmpeg();

describe('the /media route', { skip: noFfmpeg }, () => {
  const tmp = tempDir();
  const home = path.join(tmp.dir, 'home');
  const files = path.join(tmp.dir, 'files');
  let archive: Archive;
  let server: http.Server;
  let port = 0;
  const mp4 = path.join(files, 'A001_clip.mp4');
  const mov = path.join(files, 'A002_prores.mov');
  const letter = path.join(files, 'letter.txt');
  const page = path.join(files, 'evil.html');

  before(async () => {
    mkdirSync(files, { recursive: true });
    const lavfi = ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'];
    execFileSync(testFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-timecode', '01:00:00:00', mp4]);
    execFileSync(testFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:v', 'prores_ks', '-profile:v', '0', '-c:a', 'pcm_s16le', '-shortest', '-timecode', '01:00:00:00', mov]);
    writeFileSync(letter, '\uFEFFMarch 3, 1911\n\nThe school reopened after the flood.\n');
    writeFileSync(page, '<script>alert(1)</script>');
    archive = await Archive.open({ home });
    await archive.upsertSources([
      sourceRecord('aaaa1111', mp4, 'media'),
      sourceRecord('bbbb2222', mov, 'media', { video_codec: 'prores', audio_codec: 'pcm_s16le' }),
      sourceRecord('cccc3333', letter, 'document'),
      sourceRecord('dddd4444', page, 'document'),
      sourceRecord('eeee5555', mov, 'media', { video_codec: 'prores', audio_codec: 'pcm_s16le' }),
    ]);
    const config = loadConfig({ DARKROOM_HOME: home });
    const app = express();
    app.use(securityHeaders);
    app.use('/media', createMediaRouter({ archive, config }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    archive.close();
    tmp.cleanup();
  });

  it('streams a registered rush whole, with its type, range support and the CSP', async () => {
    const r = await get(port, '/media/aaaa1111');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'video/mp4');
    assert.equal(r.headers['accept-ranges'], 'bytes');
    assert.equal(r.headers['content-security-policy'], contentSecurityPolicy);
    assert.ok(r.body.equals(readFileSync(mp4)));
  });

  it('answers byte ranges exactly: a span, an open end and a suffix', async () => {
    const bytes = readFileSync(mp4);
    const span = await get(port, '/media/aaaa1111', { Range: 'bytes=100-1123' });
    assert.equal(span.status, 206);
    assert.equal(span.headers['content-range'], `bytes 100-1123/${bytes.length}`);
    assert.equal(span.headers['content-length'], '1024');
    assert.ok(span.body.equals(bytes.subarray(100, 1124)));
    const open = await get(port, '/media/aaaa1111', { Range: `bytes=${bytes.length - 10}-` });
    assert.equal(open.status, 206);
    assert.ok(open.body.equals(bytes.subarray(bytes.length - 10)));
    const suffix = await get(port, '/media/aaaa1111', { Range: 'bytes=-77' });
    assert.equal(suffix.headers['content-range'], `bytes ${bytes.length - 77}-${bytes.length - 1}/${bytes.length}`);
    assert.ok(suffix.body.equals(bytes.subarray(bytes.length - 77)));
    const past = await get(port, '/media/aaaa1111', { Range: `bytes=${bytes.length}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${bytes.length}`);
  });

  it('never serves a file outside the registered sources, whatever the path says', async () => {
    const attempts = [
      '/media/../../../../etc/passwd',
      '/media/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/media/%2Fetc%2Fpasswd',
      '/media//etc/passwd',
      `/media/${encodeURIComponent(letter)}`,
      '/media/..%5C..%5Cetc%5Cpasswd',
      '/media/aaaa1111%00.txt',
      '/media/zzzz9999',
      '/media/aaaa1111/..%2F..%2Fetc%2Fpasswd',
    ];
    for (const attempt of attempts) {
      const r = await get(port, attempt);
      assert.ok([400, 404].includes(r.status), `${attempt} answered ${r.status}`);
      assert.doesNotMatch(r.body.toString(), /root:|school reopened/, attempt);
    }
    const unknown = await get(port, '/media/zzzz9999');
    assert.equal(unknown.status, 404);
    assert.equal((JSON.parse(unknown.body.toString()) as { error: { code: string } }).error.code, 'SOURCE_UNKNOWN');
  });

  it('sends an HTML file from the archive as a download, never as a page of this origin', async () => {
    const r = await get(port, '/media/dddd4444');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.match(String(r.headers['content-disposition']), /^attachment/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });

  it('returns a text document whole so that a passage span can be highlighted in it', async () => {
    const r = await get(port, '/media/cccc3333/text');
    assert.equal(r.status, 200);
    const body = JSON.parse(r.body.toString()) as { text: string; source: { id: string } };
    assert.equal(body.source.id, 'cccc3333');
    assert.equal(body.text.slice(0, 13), 'March 3, 1911');
  });

  it('says whether a rush plays now, and starts the proxy of one that needs it', async () => {
    const direct = JSON.parse((await get(port, '/media/aaaa1111/playback')).body.toString()) as Record<string, unknown>;
    assert.deepEqual(direct, { kind: 'direct', ready: true, progress: null, error: null });
    const first = JSON.parse((await get(port, '/media/bbbb2222/playback')).body.toString()) as { kind: string; ready: boolean; progress: number | null };
    assert.equal(first.kind, 'proxy');
    assert.equal(first.ready, false);
    let ready = false;
    for (let i = 0; i < 300 && !ready; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = (JSON.parse((await get(port, '/media/bbbb2222/playback')).body.toString()) as { ready: boolean }).ready;
    }
    assert.ok(ready, 'the proxy became ready');
    assert.equal((await get(port, '/media/cccc3333/playback')).status, 400, 'a letter has no playback');
  });

  it('makes an H.264/AAC proxy of a ProRes + PCM rush on first play, keeping its timecode', async () => {
    const r = await get(port, '/media/eeee5555', { Range: 'bytes=0-' });
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-type'], 'video/mp4');
    const source = await archive.getSource('eeee5555');
    assert.ok(source);
    const proxy = proxyPathFor(home, source);
    assert.ok(existsSync(proxy), 'the proxy is cached under DARKROOM_HOME/proxies');
    assert.ok(r.body.equals(readFileSync(proxy)));
    const tools = resolveMediaTools({});
    const probe = JSON.parse(execFileSync(tools.ffprobe, ['-v', 'error', '-show_streams', '-of', 'json', proxy]).toString()) as {
      streams: Array<{ codec_name?: string; codec_type?: string; tags?: Record<string, string> }>;
    };
    assert.deepEqual(probe.streams.filter((s) => s.codec_type !== 'data').map((s) => s.codec_name), ['h264', 'aac']);
    assert.ok(probe.streams.some((s) => s.tags?.timecode === '01:00:00:00'), 'the proxy carries the original start timecode');
  });
});

describe('darkroom proxies', { skip: noFfmpeg }, () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('makes the proxies of rushes a browser cannot play, once, and leaves playable ones alone', async () => {
    const home = path.join(tmp.dir, 'home');
    const mov = path.join(tmp.dir, 'B001_prores.mov');
    const mp4 = path.join(tmp.dir, 'B002_h264.mp4');
    const lavfi = ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=1', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
    execFileSync(testFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:v', 'prores_ks', '-profile:v', '0', '-c:a', 'pcm_s16le', '-shortest', '-timecode', '02:00:00:00', mov]);
    execFileSync(testFfmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', mp4]);
    const archive = await Archive.open({ home });
    const prores = sourceRecord('ffff6666', mov, 'media', { video_codec: 'prores', audio_codec: 'pcm_s16le', start_tc: '02:00:00:00' });
    await archive.upsertSources([prores, sourceRecord('ffff7777', mp4, 'media')]);
    archive.close();
    const run = () => execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'proxies', '--home', home], { encoding: 'utf8' });
    assert.match(run(), /2 rushes: 1 proxies made, 0 already made, 1 play as they are, 0 failed/);
    assert.ok(existsSync(proxyPathFor(home, prores)));
    assert.match(run(), /2 rushes: 0 proxies made, 1 already made, 1 play as they are, 0 failed/);
  });
});
