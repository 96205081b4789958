import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { transcribeWhisper, locateWhisperModel } from '../../ingest/transcribe/whisper.ts';
import { cuesFromWhisperOutput, quietestCut } from '../../ingest/transcribe/whisper-output.ts';
import { cuesFromTranscriptJson } from '../../ingest/transcribe/transcript-json.ts';
import { describeProgress } from '../../ingest/transcribe/progress.ts';
import { sampleCorpus, tempDir } from '../helpers/env.ts';

const whisperModel = process.env.DARKROOM_WHISPER_MODEL;
const tools = resolveMediaTools();

describe("Whisper's output shapes become timed cues", () => {
  it('offsets segment chunks by the window start', () => {
    const cues = cuesFromWhisperOutput(
      { text: ' Hello there. How are you?', chunks: [{ timestamp: [0, 2.5], text: ' Hello there.' }, { timestamp: [3.1, 5.0], text: ' How are you?' }] },
      300,
      300,
    );
    assert.deepEqual(cues, [
      { start_s: 300, end_s: 302.5, text: 'Hello there.' },
      { start_s: 303.1, end_s: 305, text: 'How are you?' },
    ]);
  });

  it('ends an open last chunk at the window end, and an open middle chunk where the next starts', () => {
    const cues = cuesFromWhisperOutput(
      { text: '', chunks: [{ timestamp: [1, null], text: ' First.' }, { timestamp: [4, null], text: ' Cut off' }] },
      0,
      10,
    );
    assert.deepEqual(cues, [
      { start_s: 1, end_s: 4, text: 'First.' },
      { start_s: 4, end_s: 10, text: 'Cut off' },
    ]);
  });

  it('groups word timestamps into sentence cues, breaking at pauses', () => {
    const words = [
      [0.0, 0.3, ' The'], [0.3, 0.6, ' flood'], [0.6, 1.0, ' came.'],
      [1.1, 1.4, ' We'], [1.4, 1.8, ' left'],
      [4.0, 4.4, ' at'], [4.4, 4.9, ' dawn.'],
    ] as const;
    const cues = cuesFromWhisperOutput({ text: '', chunks: words.map(([a, b, t]) => ({ timestamp: [a, b], text: t })) }, 60, 30);
    assert.deepEqual(cues, [
      { start_s: 60, end_s: 61, text: 'The flood came.' },
      { start_s: 61.1, end_s: 61.8, text: 'We left' },
      { start_s: 64, end_s: 64.9, text: 'at dawn.' },
    ]);
  });

  it('keeps a text-only output as one cue over the window, and drops empty chunks', () => {
    assert.deepEqual(cuesFromWhisperOutput({ text: ' Just words. ' }, 10, 5), [{ start_s: 10, end_s: 15, text: 'Just words.' }]);
    assert.deepEqual(cuesFromWhisperOutput([{ text: '', chunks: [{ timestamp: [0, 1], text: '  ' }] }], 0, 5), []);
  });

  it('clamps timestamps past the window (Whisper sometimes runs over)', () => {
    const cues = cuesFromWhisperOutput({ text: '', chunks: [{ timestamp: [28, 31.5], text: ' Late.' }] }, 0, 30);
    assert.deepEqual(cues, [{ start_s: 28, end_s: 30, text: 'Late.' }]);
  });

  it('cuts a window at its quietest moment, not mid-word', () => {
    const rate = 1000;
    const samples = new Float32Array(10 * rate).map((_, i) => Math.sin(i) * 0.5);
    samples.fill(0, 7 * rate, 7 * rate + 200);
    const cut = quietestCut(samples, rate, 5);
    assert.ok(cut >= 7 * rate && cut <= 7 * rate + 200, `cut at ${cut}`);
  });
});

describe('transcriber JSON shapes', () => {
  it('reads WhisperX speakers', () => {
    assert.deepEqual(cuesFromTranscriptJson('{"segments":[{"start":1,"end":2,"text":"Oui.","speaker":"SPEAKER_01"}]}', 'x.json'), [{ start_s: 1, end_s: 2, text: 'Oui.', speaker: 'SPEAKER_01' }]);
  });

  it('reads a bare array and skips rows without text or start', () => {
    assert.deepEqual(cuesFromTranscriptJson('[{"start":"0.5","end":"1","text":"a"},{"start":2,"text":""},{"end":3,"text":"b"}]', 'x.json'), [{ start_s: 0.5, end_s: 1, text: 'a' }]);
  });

  it('fails when no row holds timed text, naming the file', () => {
    assert.throws(() => cuesFromTranscriptJson('{"segments":[]}', 'out.json'), (err: unknown) => isDarkroomError(err, 'TRANSCRIBE_FAILED') && /out\.json holds no timed text/.test(err.message));
  });
});

describe('progress notes', () => {
  it('gives the real-time factor and the time left', () => {
    const p = describeProgress(30, 120, 10);
    assert.equal(p.fraction, 0.25);
    assert.equal(p.speed, 3);
    assert.equal(p.eta_s, 30);
    assert.equal(p.note, '30.0 of 120.0 s · ×3.0 RT · ETA 0:30');
  });

  it('says nothing about speed before any audio is done', () => {
    assert.equal(describeProgress(0, 7200, 0).note, '0.0 of 7200.0 s');
  });
});

describe('the Whisper worker', () => {
  const tmp = tempDir('darkroom-whisper-');
  after(() => tmp.cleanup());

  it('refuses a folder that is not a Whisper model, naming the missing file', () => {
    assert.throws(() => locateWhisperModel(tmp.dir), (err: unknown) => isDarkroomError(err, 'MODEL_INVALID') && err.message.includes(path.join(tmp.dir, 'config.json')));
  });

  it('reports a model the worker thread cannot load as MODEL_INVALID, without hanging', async () => {
    const folder = path.join(tmp.dir, 'whisper-broken');
    mkdirSync(path.join(folder, 'onnx'), { recursive: true });
    writeFileSync(path.join(folder, 'config.json'), '{"model_type":"whisper"}');
    writeFileSync(path.join(folder, 'preprocessor_config.json'), '{"feature_extractor_type":"WhisperFeatureExtractor"}');
    writeFileSync(path.join(folder, 'tokenizer.json'), '{}');
    writeFileSync(path.join(folder, 'onnx', 'encoder_model.onnx'), 'not an onnx file');
    writeFileSync(path.join(folder, 'onnx', 'decoder_model_merged.onnx'), 'not an onnx file');
    const rush = path.join(sampleCorpus, 'audio', 'apollo13_readback_GET_055h55.wav');
    await assert.rejects(transcribeWhisper(rush, { model: folder, tools, threads: 1 }), (err: unknown) => isDarkroomError(err, 'MODEL_INVALID') && err.message.includes(folder));
  });

  it('transcribes the sample rush with timestamps near the spoken sentences', { skip: whisperModel ? false : 'DARKROOM_WHISPER_MODEL is not set (no Whisper model can be had on these machines)' }, async () => {
    const rush = path.join(sampleCorpus, 'audio', 'rush_A001_stewart_letter_1913.mp4');
    const t = await transcribeWhisper(rush, { model: whisperModel as string, tools, threads: 1, language: 'en' });
    assert.ok(t.cues.length > 3);
    const potatoes = t.cues.find((c) => /potato/i.test(c.text));
    assert.ok(potatoes, 'the potatoes sentence');
    assert.ok(Math.abs(potatoes.start_s - 20.64) < 2, `starts at ${potatoes.start_s}`);
    assert.match(t.details.model_sha256, /^[0-9a-f]{64}$/);
  });
});
