/**
 * Audio out of any media file, as transcribers want it: 16 kHz mono. {@link streamAudio} yields float
 * samples as ffmpeg decodes them (a two-hour rush never sits whole in memory); {@link extractAudioWav}
 * writes a 16-bit WAV for external transcribers. Both run ffmpeg through fluent-ffmpeg and stop it on abort.
 */
import { PassThrough } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { DarkroomError } from '../errors.ts';
import type { MediaTools } from './tools.ts';

/** Sample rate every transcriber here expects. */
export const TRANSCRIBE_SAMPLE_RATE = 16_000;

export interface AudioOptions {
  tools: MediaTools;
  signal?: AbortSignal | undefined;
  /** Samples per second; default 16 000. */
  sampleRate?: number;
  /** Called with seconds of audio decoded so far. */
  onTime?: (seconds: number) => void;
}

/**
 * Decodes the first audio stream of `file` to mono float samples at `sampleRate`, yielded in pieces of
 * whatever size ffmpeg writes (tens of kilobytes). Memory stays flat whatever the file's length.
 * @throws DarkroomError MEDIA_FAILED naming the file when ffmpeg fails (no audio, unsupported codec).
 */
export async function* streamAudio(file: string, options: AudioOptions): AsyncGenerator<Float32Array> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const { command, done } = startFfmpeg(file, options, (cmd) => cmd.format('f32le').audioCodec('pcm_f32le').output(out, { end: true }));
  done.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  let rest: Buffer = Buffer.alloc(0);
  let decoded = 0;
  const rate = options.sampleRate ?? TRANSCRIBE_SAMPLE_RATE;
  try {
    for await (const chunk of out) {
      const buf: Buffer = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
      const usable = buf.length - (buf.length % 4);
      rest = buf.subarray(usable);
      if (usable === 0) continue;
      const samples = new Float32Array(usable / 4);
      Buffer.from(samples.buffer).set(buf.subarray(0, usable));
      decoded += samples.length;
      options.onTime?.(decoded / rate);
      yield samples;
    }
    await done;
  } finally {
    command.kill('SIGKILL');
  }
}

/**
 * Writes the first audio stream of `file` as a 16-bit mono WAV at `sampleRate` (what whisper.cpp and
 * pocketsphinx read).
 * @throws DarkroomError MEDIA_FAILED naming the file when ffmpeg fails.
 */
export async function extractAudioWav(file: string, outWav: string, options: AudioOptions): Promise<void> {
  const { done } = startFfmpeg(file, options, (cmd) => cmd.audioCodec('pcm_s16le').format('wav').output(outWav));
  await done;
}

function startFfmpeg(
  file: string,
  options: AudioOptions,
  configure: (cmd: ffmpeg.FfmpegCommand) => ffmpeg.FfmpegCommand,
): { command: ffmpeg.FfmpegCommand; done: Promise<void> } {
  if (options.signal?.aborted) throw new DarkroomError('CANCELLED', `${file}: audio extraction cancelled before it started.`);
  const command = configure(
    ffmpeg(file)
      .setFfmpegPath(options.tools.ffmpeg)
      .inputOptions(['-nostdin', '-hide_banner'])
      .noVideo()
      .outputOptions(['-map', '0:a:0', '-sn', '-dn'])
      .audioChannels(1)
      .audioFrequency(options.sampleRate ?? TRANSCRIBE_SAMPLE_RATE),
  );
  const onAbort = () => command.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Promise<void>((resolve, reject) => {
    command.on('progress', (p: { timemark?: string }) => {
      const s = p.timemark ? timemarkSeconds(p.timemark) : null;
      if (s !== null) options.onTime?.(s);
    });
    command.on('end', () => resolve());
    command.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
      if (options.signal?.aborted) {
        reject(new DarkroomError('CANCELLED', `${file}: audio extraction cancelled.`, { cause: err }));
        return;
      }
      reject(new DarkroomError('MEDIA_FAILED', `${file}: ffmpeg cannot decode its audio (${lastLines(stderr ?? err.message)}). Check the file plays; re-export it with a common audio codec (AAC, PCM) if it does not.`, { cause: err }));
    });
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  command.run();
  return { command, done };
}

function timemarkSeconds(mark: string): number | null {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(mark);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

function lastLines(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !/^(ffmpeg version|built with|configuration:|lib\w+ +\d|Input #|Output #|Stream|Duration|Metadata|\w+ +:)/.test(l));
  return lines.slice(-2).join(' / ').slice(0, 300) || 'no detail';
}
