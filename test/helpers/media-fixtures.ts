/**
 * Media fixtures built at test time in a temporary folder, so that every timing is known:
 * - LibriVox clips of real speech (Debian pocketsphinx-testdata) joined with known silences and wrapped in
 *   .mov/.mp4 with a start timecode (for the pocketsphinx external-transcriber path);
 * - espeak-ng speech with a hand-made .srt sidecar (exact cue times);
 * - broken inputs: zero-length, corrupt container, no audio stream, unknown audio codec.
 * Built with the ffmpeg Darkroom runs (the system's when newer, else the npm-shipped one, present after `npm ci`);
 * espeak-ng and the LibriVox clips may be absent.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { needs, needsCommand, repoRoot } from './env.ts';

export const librivoxDir = '/usr/share/pocketsphinx/test/data/librivox';
export const pocketsphinxModel = '/usr/share/pocketsphinx/model/en-us';
/** The wrapper that runs pocketsphinx and writes SRT: `sh <it> {input} {output}`. */
export const pocketsphinxSrt = path.join(repoRoot, 'test', 'helpers', 'pocketsphinx-srt.sh');
export const pocketsphinxCommand = `sh ${pocketsphinxSrt} {input} {output}`;

/** Three LibriVox sentences (pocketsphinx recognises their key words well), with their lengths in seconds. */
export const librivoxClips = [
  { file: 'sense_and_sensibility_01_austen_64kb-0880.wav', seconds: 2.99, text: 'he was not an ill disposed young man' },
  { file: 'sense_and_sensibility_01_austen_64kb-0890.wav', seconds: 5.3, text: 'unless to be rather cold hearted and rather selfish is to be ill disposed' },
  { file: 'sense_and_sensibility_01_austen_64kb-0920.wav', seconds: 6.05, text: 'had he married a more amiable woman he might have been made still more respectable than he was' },
] as const;

/** Silence before the first clip and between clips, seconds. */
export const LEAD_S = 2;
export const GAP_S = 3;

/** Skip reason when pocketsphinx or its LibriVox test clips are missing. */
export function needsPocketsphinx(): string | false {
  return needsCommand('pocketsphinx_continuous', 'apt-get install pocketsphinx pocketsphinx-en-us') || needs(path.join(librivoxDir, librivoxClips[0].file), 'pocketsphinx-testdata LibriVox clips') || needs(path.join(pocketsphinxModel, 'en-us.lm.bin'), 'pocketsphinx-en-us model');
}

/** Skip reason when espeak-ng is missing. */
export function needsEspeak(): string | false {
  return needsCommand('espeak-ng', 'apt-get install espeak-ng');
}

function ffmpeg(args: string[]): void {
  execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A 16-bit PCM WAV header + samples (used for silences and the unknown-codec fixture). */
function wavBytes(samples: Int16Array, rate: number, formatTag = 1): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(formatTag, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export interface LibrivoxRush {
  file: string;
  /** Where each clip starts in the file, seconds, with its words. */
  clips: Array<{ start_s: number; text: string }>;
}

/**
 * The LibriVox clips joined with silences (LEAD_S, then GAP_S between clips) in a 160x90 black video at
 * 25 fps with start timecode `timecode`, as `name` (.mov or .mp4) in `dir`.
 */
export function buildLibrivoxRush(dir: string, name: string, timecode = '10:00:00:00'): LibrivoxRush {
  const rate = 16_000;
  const lead = path.join(dir, 'lead.wav');
  const gap = path.join(dir, 'gap.wav');
  writeFileSync(lead, wavBytes(new Int16Array(LEAD_S * rate), rate));
  writeFileSync(gap, wavBytes(new Int16Array(GAP_S * rate), rate));
  const parts = [lead];
  const clips: LibrivoxRush['clips'] = [];
  let at = LEAD_S;
  for (const clip of librivoxClips) {
    clips.push({ start_s: at, text: clip.text });
    parts.push(path.join(librivoxDir, clip.file), gap);
    at += clip.seconds + GAP_S;
  }
  const list = path.join(dir, `${name}.concat.txt`);
  writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n') + '\n');
  const joined = path.join(dir, `${name}.joined.wav`);
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c:a', 'pcm_s16le', '-ar', String(rate), '-ac', '1', joined]);
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', 'color=black:s=160x90:r=25', '-i', joined, '-shortest', '-c:v', 'mpeg4', '-q:v', '31', '-c:a', 'aac', '-timecode', timecode, file]);
  return { file, clips };
}

export interface SpokenClip {
  file: string;
  sidecar: string;
  cues: Array<{ start_s: number; end_s: number; speaker: string; text: string }>;
}

/**
 * Two espeak-ng sentences at known places (1.0 s and 6.0 s) in a 29.97 fps drop-frame .mov starting at
 * 01:00:00;00 (10 s long, so that every cue is inside it), with a hand-made .srt next to it giving those exact
 * times and two speakers.
 */
export function buildSpokenClip(dir: string, name = 'interview_B002.mov'): SpokenClip {
  const sentences = ['The flood reached the mill in the spring of nineteen twelve.', 'My grandmother kept the ledger dry in a tin box.'];
  const wavs = sentences.map((s, i) => {
    const wav = path.join(dir, `say${i}.wav`);
    execFileSync('espeak-ng', ['-v', 'en-us', '-w', wav, s]);
    return wav;
  });
  const file = path.join(dir, name);
  ffmpeg([
    '-f', 'lavfi', '-i', 'color=black:s=160x90:r=30000/1001', '-i', wavs[0] as string, '-i', wavs[1] as string, '-f', 'lavfi', '-t', '10', '-i', 'anullsrc=r=22050:cl=mono',
    '-filter_complex', '[1:a]adelay=1000[a1];[2:a]adelay=6000[a2];[a1][a2][3:a]amix=inputs=3:duration=longest[a]',
    '-map', '0:v', '-map', '[a]', '-shortest', '-c:v', 'mpeg4', '-q:v', '31', '-c:a', 'aac', '-timecode', '01:00:00;00', file,
  ]);
  const cues = [
    { start_s: 1.0, end_s: 4.5, speaker: 'Interviewer', text: sentences[0] as string },
    { start_s: 6.0, end_s: 9.0, speaker: 'Ruth Miller', text: sentences[1] as string },
  ];
  const sidecar = file.replace(/\.[^.]+$/, '.srt');
  writeFileSync(sidecar, cues.map((c, i) => `${i + 1}\n${srtTime(c.start_s)} --> ${srtTime(c.end_s)}\n${c.speaker}: ${c.text}\n`).join('\n'));
  return { file, sidecar, cues };
}

/** The shared sample rush copied into `dir` with a sidecar .srt made from its ground truth. */
export function copySampleRushWithSidecar(sampleCorpus: string, dir: string): { file: string; segments: Array<{ start_s: number; end_s: number; text: string }> } {
  const source = path.join(sampleCorpus, 'audio', 'rush_A001_stewart_letter_1913.mp4');
  const truth = JSON.parse(readFileSync(path.join(sampleCorpus, 'meta', 'audio_spoken_text.json'), 'utf8')) as Record<string, { segments: Array<{ start_s: number; end_s: number; text: string }> }>;
  const segments = truth.en_stewart_1913?.segments ?? [];
  const file = path.join(dir, path.basename(source));
  writeFileSync(file, readFileSync(source));
  writeFileSync(file.replace(/\.mp4$/, '.srt'), segments.map((s, i) => `${i + 1}\n${srtTime(s.start_s)} --> ${srtTime(s.end_s)}\n${s.text}\n`).join('\n'));
  return { file, segments };
}

/** A tone of `seconds` in a WAV (a cheap file with audio for the failing-transcriber cases). */
export function buildTone(dir: string, name: string, seconds = 1): string {
  const file = path.join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ar', '16000', '-ac', '1', file]);
  return file;
}

/**
 * A rush with sound but no words: a tone (2 s by default) in a 160x90 video at 25 fps, with a start timecode, a reel tag and a
 * recording date in the container (what a camera card holds before anyone transcribes it).
 */
export function buildToneRush(dir: string, name: string, options: { timecode?: string; reel?: string; date?: string; seconds?: number } = {}): string {
  const file = path.join(dir, name);
  ffmpeg([
    '-f', 'lavfi', '-i', `color=black:s=160x90:r=25:d=${options.seconds ?? 2}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${options.seconds ?? 2}`,
    '-shortest', '-c:v', 'mpeg4', '-q:v', '31', '-c:a', 'aac', '-ac', '2', '-timecode', options.timecode ?? '14:30:00:00',
    ...(options.reel ? ['-metadata', `reel_name=${options.reel}`] : []),
    ...(options.date ? ['-metadata', `creation_time=${options.date}T10:00:00Z`] : []),
    file,
  ]);
  return file;
}

/** Broken inputs, each a file that must fail alone with a clear message. */
export function buildBrokenMedia(dir: string): { empty: string; corrupt: string; silentVideo: string; unknownCodec: string } {
  const empty = path.join(dir, 'empty_clip.mov');
  writeFileSync(empty, Buffer.alloc(0));
  const corrupt = path.join(dir, 'corrupt_clip.mp4');
  writeFileSync(corrupt, Buffer.concat([Buffer.from('\0\0\0\x18ftypisom'), Buffer.alloc(4000, 0x5a)]));
  const silentVideo = path.join(dir, 'no_audio_clip.mov');
  ffmpeg(['-f', 'lavfi', '-i', 'color=black:s=160x90:r=25:d=2', '-c:v', 'mpeg4', '-q:v', '31', silentVideo]);
  const unknownCodec = path.join(dir, 'unknown_codec.wav');
  writeFileSync(unknownCodec, wavBytes(new Int16Array(16_000), 16_000, 0x7777));
  return { empty, corrupt, silentVideo, unknownCodec };
}

function srtTime(s: number): string {
  const ms = Math.round(s * 1000);
  const hh = String(Math.floor(ms / 3_600_000)).padStart(2, '0');
  const mm = String(Math.floor(ms / 60_000) % 60).padStart(2, '0');
  const ss = String(Math.floor(ms / 1000) % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss},${String(ms % 1000).padStart(3, '0')}`;
}

