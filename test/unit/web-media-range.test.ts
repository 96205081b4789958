import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange } from '../../server/http/media-range.ts';
import { proxyArgs } from '../../core/media/proxy.ts';
import { planPlayback } from '../../server/http/media-proxy.ts';
import type { MediaInfo, SourceRecord } from '../../core/types.ts';

describe('byte ranges', () => {
  it('parses a span, an open end and a suffix, clamped to the file', () => {
    assert.deepEqual(parseByteRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseByteRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=900-5000', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-5000', 1000), { start: 0, end: 999 });
  });

  it('says unsatisfiable for a range past the end', () => {
    assert.equal(parseByteRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseByteRange('bytes=-0', 1000), 'unsatisfiable');
  });

  it('ignores what it may ignore: no header, other units, several ranges, reversed spans', () => {
    for (const h of [undefined, 'items=0-1', 'bytes=0-1,5-6', 'bytes=5-3', 'bytes=-', 'bytes=a-b']) assert.equal(parseByteRange(h, 1000), null, String(h));
  });
});

function source(file: string, media: Partial<MediaInfo> | null): SourceRecord {
  const info = media && { duration_s: 1, fps: 25, fps_rational: '25/1', drop_frame: false, start_tc: '10:00:00:00', reel: 'A001', clip_name: null, creation_time: null, has_video: true, has_audio: true, video_codec: 'h264', audio_codec: 'aac', width: 1920, height: 1080, ...media };
  return { id: 'x', corpus: 'c', path: file, hash: 'f'.repeat(64), kind: 'media', title: 't', state: 'ingested', error: null, bytes: 1, passages: 0, pages: null, duration_s: 1, language: 'en', media_json: info && JSON.stringify(info), transcript_method: null, details_json: null, ingested_at: '' };
}

describe('browser playback plan', () => {
  it('plays H.264/AAC in MP4 and common audio directly', () => {
    assert.deepEqual(planPlayback(source('/r/A001.mp4', {})), { kind: 'direct', contentType: 'video/mp4' });
    assert.equal(planPlayback(source('/r/tape.wav', { has_video: false, audio_codec: 'pcm_s16le' })).kind, 'direct');
    assert.equal(planPlayback(source('/r/voice.mp3', null)).kind, 'direct');
  });

  it('proxies camera originals, re-encoding only the streams a browser cannot play', () => {
    const prores = planPlayback(source('/r/A001C003.mov', { video_codec: 'prores', audio_codec: 'pcm_s24le' }));
    assert.deepEqual(prores, { kind: 'proxy', contentType: 'video/mp4', video: 'encode', audio: 'encode', startTc: '10:00:00:00' });
    const mov = planPlayback(source('/r/phone.mov', {}));
    assert.equal(mov.kind === 'proxy' && mov.video === 'copy' && mov.audio === 'copy', true, 'H.264/AAC in MOV is only remuxed');
    const hevc = planPlayback(source('/r/clip.mp4', { video_codec: 'hevc' }));
    assert.equal(hevc.kind, 'proxy');
    assert.equal(planPlayback(source('/r/A001.mxf', null)).kind, 'proxy');
  });

  it('writes the original start timecode into the proxy', () => {
    const plan = planPlayback(source('/r/A001.mxf', { video_codec: 'dnxhd', audio_codec: 'pcm_s16le', start_tc: '10:04:13:12' }));
    assert.equal(plan.kind, 'proxy');
    if (plan.kind !== 'proxy') return;
    const args = proxyArgs('/r/A001.mxf', '/tmp/p.mp4', plan);
    assert.equal(args[args.indexOf('-timecode') + 1], '10:04:13:12');
    assert.ok(args.includes('libx264') && args.includes('aac'));
    assert.equal(args.at(-1), '/tmp/p.mp4');
  });
});
