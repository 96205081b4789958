import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { timingOf } from '../../core/search/enrich.ts';
import { extractAudioWav, streamAudio } from '../../core/media/audio.ts';
import { mediaInfoFromProbe, probeMedia, reelFromFileName } from '../../core/media/probe.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { needs, sampleCorpus, tempDir } from '../helpers/env.ts';
import { buildBrokenMedia, buildLibrivoxRush, needsPocketsphinx } from '../helpers/media-fixtures.ts';

const sampleRush = path.join(sampleCorpus, 'audio', 'rush_A001_stewart_letter_1913.mp4');
const tools = resolveMediaTools();

describe('media facts from ffprobe', () => {
  const tmp = tempDir('darkroom-media-probe-');
  let broken: ReturnType<typeof buildBrokenMedia>;
  before(() => {
    broken = buildBrokenMedia(tmp.dir);
  });
  after(() => tmp.cleanup());

  it('reads the sample rush: 10:00:00:00 at 25 fps, reel A001 from its name, audio and video', { skip: needs(sampleRush, 'the shared sample archive rush') }, async () => {
    const info = await probeMedia(sampleRush, tools);
    assert.equal(info.start_tc, '10:00:00:00');
    assert.equal(info.fps, 25);
    assert.equal(info.fps_rational, '25/1');
    assert.equal(info.drop_frame, false);
    assert.equal(info.reel, 'A001');
    assert.equal(info.has_audio, true);
    assert.equal(info.has_video, true);
    assert.ok(Math.abs(info.duration_s - 46.4) < 0.1, `duration ${info.duration_s}`);
  });

  it('reads the start timecode of a .mp4 and a .mov written with -timecode', { skip: needsPocketsphinx() }, async () => {
    for (const name of ['A007C002_take.mov', 'A007C003_take.mp4']) {
      const rush = buildLibrivoxRush(tmp.dir, name, '10:00:00:00');
      const info = await probeMedia(rush.file, tools);
      assert.equal(info.start_tc, '10:00:00:00', name);
      assert.equal(info.reel, 'A007');
      assert.equal(info.fps, 25);
    }
  });

  it('prefers the tmcd track timecode over the container tag, and marks drop-frame from ";"', () => {
    const info = mediaInfoFromProbe(
      {
        streams: [
          { codec_type: 'video', codec_name: 'prores', r_frame_rate: '30000/1001', width: 1920, height: 1080 },
          { codec_type: 'audio', codec_name: 'pcm_s24le' },
          { codec_type: 'data', codec_tag_string: 'tmcd', tags: { timecode: '14:21:07;12', reel_name: 'B004' } },
        ],
        format: { duration: '600.6', tags: { timecode: '00:00:00:00', creation_time: '2026-05-02T10:11:12.000000Z' } },
      },
      '/rushes/interview.mov',
    );
    assert.equal(info.start_tc, '14:21:07;12');
    assert.equal(info.drop_frame, true);
    assert.equal(info.fps, 29.97);
    assert.equal(info.reel, 'B004');
    assert.equal(info.creation_time, '2026-05-02T10:11:12.000000Z');
  });

  it('ignores a timecode tag that is not a timecode, and cover art as video', () => {
    const info = mediaInfoFromProbe(
      {
        streams: [
          { codec_type: 'audio', codec_name: 'mp3' },
          { codec_type: 'video', codec_name: 'mjpeg', r_frame_rate: '90000/1', disposition: { attached_pic: 1 } },
        ],
        format: { duration: '12.5', tags: { timecode: 'yesterday' } },
      },
      '/music/track.mp3',
    );
    assert.equal(info.start_tc, null);
    assert.equal(info.has_video, false);
    assert.equal(info.fps, null);
  });

  it('gives search hits a timecode only when the source has a frame rate', () => {
    const base = { duration_s: 10, drop_frame: false, start_tc: null, reel: null, clip_name: 'Take 3', creation_time: null, has_audio: true, video_codec: null, audio_codec: 'pcm_s24le', width: null, height: null };
    assert.equal(timingOf(JSON.stringify({ ...base, fps: null, fps_rational: null, has_video: false }))?.rate, null);
    const video = timingOf(JSON.stringify({ ...base, fps: 29.97, fps_rational: '30000/1001', drop_frame: true, has_video: true }));
    assert.equal(video?.startTc, '00:00:00;00');
    assert.equal(video?.reel, 'Take 3');
    assert.equal(timingOf('{not json'), null);
    assert.equal(timingOf(JSON.stringify({ ...base, fps: 25, fps_rational: '25/1', start_tc: '25:00:00:00', has_video: true })), null);
  });

  it('finds camera-roll reels in file names', () => {
    assert.equal(reelFromFileName('/cards/A001C003_220514_R1AB.mov'), 'A001');
    assert.equal(reelFromFileName('rush_B012_take2.mov'), 'B012');
    assert.equal(reelFromFileName('interview_final.mov'), null);
    assert.equal(reelFromFileName('XA001Y.mov'), null);
  });

  it('fails a zero-length file, naming it and saying it is empty', async () => {
    await assert.rejects(probeMedia(broken.empty, tools), (err: unknown) => isDarkroomError(err, 'MEDIA_FAILED') && err.message.includes(broken.empty) && /empty \(0 bytes\)/.test(err.message));
  });

  it('fails a corrupt container, naming it and how to fix it', async () => {
    await assert.rejects(probeMedia(broken.corrupt, tools), (err: unknown) => isDarkroomError(err, 'MEDIA_FAILED') && err.message.includes(broken.corrupt) && /corrupt, truncated/.test(err.message));
  });

  it('streams 16 kHz mono samples of the whole recording', { skip: needs(sampleRush, 'the shared sample archive rush') }, async () => {
    let samples = 0;
    let peak = 0;
    let pieces = 0;
    for await (const piece of streamAudio(sampleRush, { tools })) {
      pieces++;
      samples += piece.length;
      for (const v of piece) peak = Math.max(peak, Math.abs(v));
    }
    assert.ok(Math.abs(samples / 16_000 - 44.5) < 0.2, `${samples / 16_000} s of audio`);
    assert.ok(peak > 0.05, 'real speech, not silence');
    assert.ok(pieces > 10, 'delivered in pieces, not whole');
  });

  it('fails audio extraction from a video with no audio stream, naming the file', async () => {
    await assert.rejects(extractAudioWav(broken.silentVideo, path.join(tmp.dir, 'x.wav'), { tools }), (err: unknown) => isDarkroomError(err, 'MEDIA_FAILED') && err.message.includes(broken.silentVideo));
  });

  it('fails audio streaming from an unknown audio codec, naming the file', async () => {
    const consume = async () => {
      for await (const piece of streamAudio(broken.unknownCodec, { tools })) void piece;
    };
    await assert.rejects(consume(), (err: unknown) => isDarkroomError(err, 'MEDIA_FAILED') && err.message.includes(broken.unknownCodec));
  });

  it('stops ffmpeg when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const consume = async () => {
      for await (const piece of streamAudio(broken.unknownCodec, { tools, signal: controller.signal })) void piece;
    };
    await assert.rejects(consume(), (err: unknown) => isDarkroomError(err, 'CANCELLED'));
  });

  it('refuses a configured ffmpeg path that does not exist, naming the variable', () => {
    assert.throws(() => resolveMediaTools({ ffmpegPath: '/nowhere/ffmpeg' }), (err: unknown) => isDarkroomError(err, 'MEDIA_FAILED') && /DARKROOM_FFMPEG points at \/nowhere\/ffmpeg/.test(err.message));
  });
});
