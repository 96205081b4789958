import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { loadConfig } from '../../core/config.ts';
import { isDarkroomError } from '../../core/errors.ts';
import { hashFileWithIdentity } from '../../core/files/file-identity.ts';
import { extractAudioWav, streamAudio } from '../../core/media/audio.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { Archive } from '../../core/store/archive.ts';
import type { SourceRecord } from '../../core/types.ts';
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

/** True while a process with this pid exists (a zombie not yet reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]?.startsWith('Z');
  } catch {
    return false;
  }
}

describe('time limits on ffmpeg: a hung ffmpeg is killed, named in the error, and the proxy queue moves on', { timeout: 120_000 }, () => {
  const tmp = tempDir('darkroom-timeouts-');
  const hung = path.join(tmp.dir, 'hung-ffmpeg');
  const pids = path.join(tmp.dir, 'pids');
  const home = path.join(tmp.dir, 'home');
  const rushes = path.join(tmp.dir, 'rushes');
  const shipped = resolveMediaTools({});
  let archive: Archive;
  const servers: http.Server[] = [];
  const hungPids = () => (existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n').map(Number) : []);

  /** A registered rush that needs a proxy (PCM in MOV), with its identity as ingest records it. */
  const addRush = async (id: string, name: string): Promise<SourceRecord> => {
    const file = path.join(rushes, name);
    execFileSync(shipped.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'pcm_s16le', file]);
    const { sha256, identity } = await hashFileWithIdentity(file);
    const media = { duration_s: 1, fps: null, fps_rational: null, drop_frame: false, start_tc: null, reel: null, clip_name: null, creation_time: null, has_video: false, has_audio: true, video_codec: null, audio_codec: 'pcm_s16le', width: null, height: null };
    const record: SourceRecord = {
      id, corpus: 'test', path: file, hash: sha256, kind: 'media', title: name, state: 'ingested', error: null, bytes: identity.size, passages: 0,
      pages: null, duration_s: 1, language: 'en', media_json: JSON.stringify(media), transcript_method: null, details_json: JSON.stringify({ file: identity }),
      ingested_at: '2026-12-01T00:00:00Z',
    };
    await archive.upsertSources([record]);
    return record;
  };
  const serve = async (env: Record<string, string>) => {
    const app = express();
    app.use('/media', createMediaRouter({ archive, config: loadConfig({ DARKROOM_HOME: home, ...env }) }));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return (server.address() as AddressInfo).port;
  };

  before(async () => {
    mkdirSync(rushes);
    // A fake ffmpeg that hangs: records its pid, then becomes `sleep` (one process, as a stuck ffmpeg is).
    writeFileSync(hung, `#!/bin/sh\necho $$ >> '${pids}'\nexec sleep 600\n`);
    chmodSync(hung, 0o755);
    archive = await Archive.open({ home });
  });
  after(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    for (const pid of hungPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    archive.close();
    tmp.cleanup();
  });

  it('kills a hung proxy after DARKROOM_FFMPEG_TIMEOUT, says so, and makes the next rush\'s proxy', async () => {
    const stuck = await addRush('rush1', 'A001_stuck.mov');
    const next = await addRush('rush2', 'A002_next.mov');
    const hungPort = await serve({ DARKROOM_FFMPEG: hung, DARKROOM_FFMPEG_TIMEOUT: '2' });
    const goodPort = await serve({});
    const first = get(hungPort, `/media/${stuck.id}`);
    // Queued behind the hung job: it only runs once that one is killed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = get(goodPort, `/media/${next.id}`);
    const refused = await first;
    assert.equal(refused.status, 422);
    const error = (JSON.parse(refused.body) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'MEDIA_FAILED');
    assert.match(error.message, /ran past its 2 s limit making a browser proxy of .*A001_stuck\.mov.*DARKROOM_FFMPEG_TIMEOUT/);
    const served = await second;
    assert.equal(served.status, 200, served.body.slice(0, 300));
    assert.ok(existsSync(proxyPathFor(home, next)), 'the next rush got its proxy');
    assert.equal(existsSync(proxyPathFor(home, stuck)), false);
    const started = hungPids();
    assert.equal(started.length, 1);
    assert.equal(alive(started[0] ?? 0), false, 'the hung ffmpeg was killed');
    const status = JSON.parse((await get(hungPort, `/media/${stuck.id}/playback`)).body) as { error: string | null };
    assert.match(status.error ?? '', /2 s limit/, 'the playback status tells the UI why');
  });

  it('kills a hung audio extraction (WAV and stream) past its limit, naming it', async () => {
    const file = path.join(rushes, 'A001_stuck.mov');
    const tools = { ...shipped, ffmpeg: hung, timeoutS: 2 };
    const before = hungPids().length;
    await assert.rejects(extractAudioWav(file, path.join(tmp.dir, 'out.wav'), { tools }), (err: unknown) => {
      assert.ok(isDarkroomError(err, 'MEDIA_FAILED'));
      assert.match(err.message, /A001_stuck\.mov: ffmpeg .* ran past its 2 s limit extracting the audio.*DARKROOM_FFMPEG_TIMEOUT/);
      return true;
    });
    await assert.rejects(
      (async () => {
        for await (const piece of streamAudio(file, { tools })) assert.ok(piece);
      })(),
      /ran past its 2 s limit without writing any audio/,
    );
    const started = hungPids().slice(before);
    assert.equal(started.length, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of started) assert.equal(alive(pid), false, `ffmpeg ${pid} was killed`);
    // The real ffmpeg, with the same limit, still does the job.
    const samples: number[] = [];
    for await (const piece of streamAudio(file, { tools: { ...shipped, timeoutS: 60 } })) samples.push(piece.length);
    assert.ok(samples.reduce((a, b) => a + b, 0) >= 15_000);
  });
});
