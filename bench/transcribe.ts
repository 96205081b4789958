/**
 * `npm run bench:transcribe`: what transcription costs, measured in one run on this machine.
 * 1. The bare transcriber (pocketsphinx on a 16 kHz WAV) vs the whole pipeline (`ingest` of the same speech in
 *    a .mov through DARKROOM_TRANSCRIBE_CMD): real-time factors and their ratio (target: pipeline >= 90%).
 * 2. Audio extraction throughput and peak memory on a long generated rush (default 60 min, --long-minutes N).
 * 3. Silero VAD before pocketsphinx: time saved vs words lost against the LibriVox transcript.
 * The fixture is three LibriVox sentences with known silences, looped to about 2 minutes.
 * Prints figures only; asserts nothing. Needs pocketsphinx + pocketsphinx-testdata (Debian).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { extractAudioWav, streamAudio } from '../core/media/audio.ts';
import { probeMedia } from '../core/media/probe.ts';
import { resolveMediaTools } from '../core/media/tools.ts';
import { Archive } from '../core/store/archive.ts';
import { parseSrt } from '../core/subtitles/parse-srt.ts';
import { createMediaExtractor, mediaExtensions } from '../ingest/extract/media.ts';
import { registerExtractor } from '../ingest/extract/registry.ts';
import { ingest } from '../ingest/pipeline.ts';
import { sileroModel } from '../test/helpers/env.ts';
import { buildLibrivoxRush, librivoxClips, needsPocketsphinx, pocketsphinxCommand, pocketsphinxSrt } from '../test/helpers/media-fixtures.ts';
import { parseBenchFlags, positiveNumber } from './flags.ts';

const flags = parseBenchFlags<{ longMinutes: number; loops: number }>(
  'bench:transcribe',
  'What transcription costs: the bare transcriber against the pipeline, audio extraction on a long rush, Silero VAD.',
  (cmd) => cmd
    .option('--long-minutes <n>', 'length of the generated rush for audio extraction, minutes', positiveNumber(), 60)
    .option('--loops <n>', 'times the three LibriVox sentences are looped (5: about 2 minutes)', positiveNumber(), 5),
);
const longMinutes = flags.longMinutes;
const rounds = 2;
/** The fixture is the three LibriVox sentences looped this many times (--loops N; default 5, about 2 minutes). */
const loops = Math.round(flags.loops);

const skip = needsPocketsphinx();
if (skip) {
  console.log(`bench:transcribe needs pocketsphinx: ${skip}`);
  process.exit(0);
}

const tools = resolveMediaTools();
const work = path.join(tmpdir(), `darkroom-bench-transcribe-${process.pid}`);
mkdirSync(work, { recursive: true });
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const ffmpeg = (a: string[]) => execFileSync(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', ...a]);

try {
  console.log(`bench:transcribe  ${new Date().toISOString()}  node ${process.version}  ffmpeg ${tools.ffmpeg}`);
  const short = buildLibrivoxRush(work, 'A001C001_bench_short.mov');
  const rush = { file: path.join(work, 'A001C002_bench.mov') };
  ffmpeg(['-stream_loop', String(loops - 1), '-i', short.file, '-c', 'copy', '-timecode', '10:00:00:00', rush.file]);
  const duration = (await probeMedia(rush.file, tools)).duration_s;
  const wav = path.join(work, 'bare.wav');
  await extractAudioWav(rush.file, wav, { tools });
  const speechS = loops * librivoxClips.reduce((s, c) => s + c.seconds, 0);
  console.log(`fixture: ${path.basename(rush.file)}, ${duration.toFixed(1)} s (3 LibriVox sentences with silences, ×${loops}; ${speechS.toFixed(1)} s of speech)`);

  // 1. Bare transcriber vs pipeline, alternated; best of each.
  registerExtractor([...mediaExtensions], createMediaExtractor({ tools, command: pocketsphinxCommand, timeoutS: 600 }));
  let bare = Infinity;
  let pipeline = Infinity;
  let stages: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    execFileSync('sh', [pocketsphinxSrt, wav, path.join(work, 'bare.srt')]);
    bare = Math.min(bare, seconds(t));
    const home = path.join(work, `home-${round}`);
    const archive = await Archive.open({ home, followWrites: false });
    t = performance.now();
    const summary = await ingest({ archive, corpus: 'bench', inputs: [rush.file], embedder: null });
    const took = seconds(t);
    if (took < pipeline) stages = summary.stages;
    pipeline = Math.min(pipeline, took);
    archive.close();
    if (summary.failed) throw new Error(JSON.stringify(summary.results));
  }
  console.log(`\n1. transcription (best of ${rounds})`);
  console.log(`   bare pocketsphinx on the WAV       ${bare.toFixed(2)} s   ×${(duration / bare).toFixed(2)} RT`);
  console.log(`   pipeline (probe, extract, transcribe, chunk, write) ${pipeline.toFixed(2)} s   ×${(duration / pipeline).toFixed(2)} RT`);
  console.log(`   pipeline stages (s): ${Object.entries(stages).map(([k, v]) => `${k.replace(/_s$/, '')} ${v.toFixed(2)}`).join(', ')}`);
  console.log(`   pipeline keeps ${((100 * bare) / pipeline).toFixed(1)}% of the transcriber's speed (target >= 90%)`);

  // 2. Extraction throughput and memory on a long rush.
  const long = path.join(work, 'long_rush.mp4');
  let t = performance.now();
  ffmpeg(['-stream_loop', '-1', '-i', wav, '-t', String(longMinutes * 60), '-ar', '48000', '-ac', '2', '-c:a', 'aac', '-b:a', '96k', long]);
  console.log(`\n2. audio extraction on a ${longMinutes} min AAC 48 kHz stereo rush (generated in ${seconds(t).toFixed(1)} s)`);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  t = performance.now();
  let samples = 0;
  for await (const piece of streamAudio(long, { tools })) samples += piece.length;
  const streamS = seconds(t);
  clearInterval(sampler);
  console.log(`   streamAudio -> Float32 16 kHz mono  ${(samples / 16_000 / 60).toFixed(1)} min of audio in ${streamS.toFixed(1)} s = ×${(samples / 16_000 / streamS).toFixed(0)} RT`);
  console.log(`   Node RSS: ${(rssBefore / 1048576).toFixed(0)} MB before, peak ${(rssPeak / 1048576).toFixed(0)} MB during (+${((rssPeak - rssBefore) / 1048576).toFixed(0)} MB; the whole file as Float32 would be ${((samples * 4) / 1048576).toFixed(0)} MB)`);
  t = performance.now();
  await extractAudioWav(long, path.join(work, 'long.wav'), { tools });
  const wavS = seconds(t);
  console.log(`   extractAudioWav -> 16-bit WAV (external path)  ${wavS.toFixed(1)} s = ×${((longMinutes * 60) / wavS).toFixed(0)} RT`);
  rmSync(path.join(work, 'long.wav'));

  // 3. Silero VAD before pocketsphinx.
  console.log('\n3. Silero VAD before pocketsphinx (speech-only audio, segments padded 200 ms)');
  if (needsSilero()) {
    console.log(`   skipped: ${sileroModel} is absent`);
  } else {
    const audio: Float32Array[] = [];
    for await (const piece of streamAudio(rush.file, { tools })) audio.push(piece);
    const all = concat(audio);
    t = performance.now();
    const segments = await speechSegments(all);
    const vadS = seconds(t);
    const speech = concat(segments.map(([a, b]) => all.subarray(a, b)));
    const speechWav = path.join(work, 'speech.wav');
    writeFileSync(speechWav, wav16(speech));
    let trimmedS = Infinity;
    let fullS = Infinity;
    for (let round = 0; round < rounds; round++) {
      t = performance.now();
      execFileSync('sh', [pocketsphinxSrt, wav, path.join(work, 'bare.srt')]);
      fullS = Math.min(fullS, seconds(t));
      t = performance.now();
      execFileSync('sh', [pocketsphinxSrt, speechWav, path.join(work, 'speech.srt')]);
      trimmedS = Math.min(trimmedS, seconds(t));
    }
    const truth = Array.from({ length: loops }, () => librivoxClips.map((c) => c.text).join(' ')).join(' ');
    const full = wordsOf(path.join(work, 'bare.srt'));
    const trimmed = wordsOf(path.join(work, 'speech.srt'));
    console.log(`   speech kept: ${(speech.length / 16_000).toFixed(1)} of ${(all.length / 16_000).toFixed(1)} s in ${segments.length} segments; VAD took ${vadS.toFixed(2)} s`);
    console.log(`   pocketsphinx (best of ${rounds}, alternated): full ${fullS.toFixed(2)} s, speech-only ${trimmedS.toFixed(2)} s + VAD ${vadS.toFixed(2)} s = ${(((fullS - trimmedS - vadS) / fullS) * 100).toFixed(1)}% time saved`);
    console.log(`   words recognised (of ${truth.split(' ').length} spoken): full ${recall(truth, full)}, speech-only ${recall(truth, trimmed)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function needsSilero(): boolean {
  try {
    execFileSync('test', ['-f', sileroModel]);
    return false;
  } catch {
    return true;
  }
}

/** Silero v4: 512-sample frames at 16 kHz; speech from p > 0.5 until p < 0.35 for 300 ms; 200 ms padding. */
async function speechSegments(audio: Float32Array): Promise<Array<[number, number]>> {
  const session = await ort.InferenceSession.create(sileroModel, { intraOpNumThreads: 1 });
  const frame = 512;
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  let c: ort.Tensor = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  const probs: number[] = [];
  for (let i = 0; i + frame <= audio.length; i += frame) {
    const out = await session.run({ input: new ort.Tensor('float32', audio.slice(i, i + frame), [1, frame]), sr, h, c });
    probs.push((out.output?.data as Float32Array)[0] ?? 0);
    h = out.hn as ort.Tensor;
    c = out.cn as ort.Tensor;
  }
  const pad = 0.2 * 16_000;
  const minSilence = Math.ceil((0.3 * 16_000) / frame);
  const segments: Array<[number, number]> = [];
  let start = -1;
  let quiet = 0;
  probs.forEach((p, k) => {
    if (start < 0 && p > 0.5) [start, quiet] = [k, 0];
    else if (start >= 0) {
      quiet = p < 0.35 ? quiet + 1 : 0;
      if (quiet >= minSilence) {
        segments.push([Math.max(0, start * frame - pad), Math.min(audio.length, (k - quiet + 1) * frame + pad)]);
        start = -1;
      }
    }
  });
  if (start >= 0) segments.push([Math.max(0, start * frame - pad), audio.length]);
  return segments;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function wav16(samples: Float32Array): Buffer {
  const pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16_000, 24);
  h.writeUInt32LE(32_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

function wordsOf(srt: string): string {
  try {
    return parseSrt(execFileSync('cat', [srt]).toString('utf8')).map((c) => c.text).join(' ');
  } catch {
    return '';
  }
}

/** Spoken words found in the hypothesis (each hypothesis word used once). */
function recall(truth: string, hypothesis: string): string {
  const pool = new Map<string, number>();
  for (const w of hypothesis.toLowerCase().split(/\s+/).filter(Boolean)) pool.set(w, (pool.get(w) ?? 0) + 1);
  const words = truth.toLowerCase().split(/\s+/);
  let found = 0;
  for (const w of words) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      found++;
      pool.set(w, n - 1);
    }
  }
  return `${found}/${words.length} (${((100 * found) / words.length).toFixed(0)}%)`;
}
