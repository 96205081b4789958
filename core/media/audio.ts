/**
 * Audio out of any media file, as transcribers want it: 16 kHz mono. {@link streamAudio} yields float
 * samples as ffmpeg decodes them (a two-hour rush never sits whole in memory); {@link extractAudioWav}
 * writes a 16-bit WAV for external transcribers. Both spawn ffmpeg directly (fluent-ffmpeg first runs a
 * capability probe with the same binary, which a hung ffmpeg blocks beyond reach of any kill) and kill it
 * on abort and past a time limit (DARKROOM_FFMPEG_TIMEOUT): the whole run for a WAV; for a stream, the wait
 * for ffmpeg's next piece (the consumer, a transcriber, may take hours to read a long rush).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DarkroomError } from '../errors.ts';
import { formatSeconds } from './proxy.ts';
import { ffmpegTimeoutFor, type MediaTools } from './tools.ts';

/** Seconds a streaming ffmpeg may go without writing a piece of audio before it is killed (unless configured). */
export const STREAM_STALL_S = 300;

/** Sample rate every transcriber here expects. */
export const TRANSCRIBE_SAMPLE_RATE = 16_000;

export interface AudioOptions {
  tools: MediaTools;
  signal?: AbortSignal | undefined;
  /** Samples per second; default 16 000. */
  sampleRate?: number;
  /** Called with seconds of audio decoded so far. */
  onTime?: (seconds: number) => void;
  /**
   * Seconds ffmpeg may take (default: `tools.timeoutS`, DARKROOM_FFMPEG_TIMEOUT). A WAV: the whole run, else
   * {@link ffmpegTimeoutFor} of `durationS`. A stream: each wait for the next piece, else {@link STREAM_STALL_S}.
   */
  timeoutS?: number | undefined;
  /** The media's length in seconds, for the default time limit of a WAV. */
  durationS?: number | null | undefined;
}

/**
 * Decodes the first audio stream of `file` to mono float samples at `sampleRate`, yielded in pieces of
 * whatever size ffmpeg writes (tens of kilobytes). Memory stays flat whatever the file's length.
 * @throws DarkroomError MEDIA_FAILED naming the file when ffmpeg fails (no audio, unsupported codec) or stalls.
 */
export async function* streamAudio(file: string, options: AudioOptions): AsyncGenerator<Float32Array> {
  const run = startFfmpeg(file, options, true, ['-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1']);
  const stdout = run.child.stdout;
  if (!stdout) throw new DarkroomError('MEDIA_FAILED', `${file}: ffmpeg started without an output pipe.`);
  run.done.catch((err: unknown) => stdout.destroy(err instanceof Error ? err : new Error(String(err))));
  let rest: Buffer = Buffer.alloc(0);
  let decoded = 0;
  const rate = options.sampleRate ?? TRANSCRIBE_SAMPLE_RATE;
  const pieces = stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (;;) {
      // The limit runs while waiting for ffmpeg only, not while the consumer works on a piece.
      run.watchdog.arm();
      let next: IteratorResult<Buffer>;
      try {
        next = await pieces.next();
      } catch (err) {
        await run.done;
        throw err;
      } finally {
        run.watchdog.disarm();
      }
      if (next.done) break;
      const buf: Buffer = rest.length ? Buffer.concat([rest, next.value]) : next.value;
      const usable = buf.length - (buf.length % 4);
      rest = buf.subarray(usable);
      if (usable === 0) continue;
      const samples = new Float32Array(usable / 4);
      Buffer.from(samples.buffer).set(buf.subarray(0, usable));
      decoded += samples.length;
      options.onTime?.(decoded / rate);
      yield samples;
    }
    await run.done;
  } finally {
    run.child.kill('SIGKILL');
  }
}

/**
 * Writes the first audio stream of `file` as a 16-bit mono WAV at `sampleRate` (what whisper.cpp and
 * pocketsphinx read).
 * @throws DarkroomError MEDIA_FAILED naming the file when ffmpeg fails or runs past its time limit.
 */
export async function extractAudioWav(file: string, outWav: string, options: AudioOptions): Promise<void> {
  const run = startFfmpeg(file, options, false, ['-c:a', 'pcm_s16le', '-f', 'wav', '-y', outWav]);
  run.watchdog.arm();
  try {
    await run.done;
  } finally {
    run.watchdog.disarm();
  }
}

interface FfmpegRun {
  child: ChildProcess;
  /** Settles when ffmpeg exits: resolved on success, else a DarkroomError (CANCELLED or MEDIA_FAILED). */
  done: Promise<void>;
  /** Starts (arm) and stops (disarm) the time limit; past it, ffmpeg is killed and `done` says so. */
  watchdog: { arm(): void; disarm(): void };
}

function startFfmpeg(file: string, options: AudioOptions, streaming: boolean, output: string[]): FfmpegRun {
  if (options.signal?.aborted) throw new DarkroomError('CANCELLED', `${file}: audio extraction cancelled before it started.`);
  const rate = options.sampleRate ?? TRANSCRIBE_SAMPLE_RATE;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-progress', 'pipe:2', '-nostats', '-i', file, '-vn', '-map', '0:a:0', '-sn', '-dn', '-ac', '1', '-ar', String(rate), ...output];
  const child = spawn(options.tools.ffmpeg, args, { stdio: ['ignore', streaming ? 'pipe' : 'ignore', 'pipe'] });
  const onAbort = () => child.kill('SIGKILL');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const configured = options.timeoutS ?? options.tools.timeoutS;
  const limitS = streaming ? (configured ?? STREAM_STALL_S) : ffmpegTimeoutFor(configured, options.durationS);
  let timedOut = false;
  let timer: NodeJS.Timeout | null = null;
  const watchdog = {
    arm() {
      timer ??= setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, limitS * 1000);
    },
    disarm() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    const m = [...text.matchAll(/out_time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)].pop();
    if (m) options.onTime?.(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
    stderr = (stderr + text).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (cause) => {
      watchdog.disarm();
      reject(new DarkroomError('MEDIA_FAILED', `Cannot run ffmpeg (${options.tools.ffmpeg}) to read the audio of ${file}. Set DARKROOM_FFMPEG to a working ffmpeg.`, { cause }));
    });
    child.on('close', (code, signal) => {
      watchdog.disarm();
      if (options.signal?.aborted) reject(new DarkroomError('CANCELLED', `${file}: audio extraction cancelled.`));
      else if (timedOut) {
        reject(new DarkroomError('MEDIA_FAILED', `${file}: ffmpeg (${options.tools.ffmpeg}) ran past its ${formatSeconds(limitS)} limit ${streaming ? 'without writing any audio' : 'extracting the audio'} and was stopped. Raise DARKROOM_FFMPEG_TIMEOUT if the file is long or the machine slow, or check that the file plays.`));
      } else if (code === 0) resolve();
      else {
        const why = lastLines(stderr) === 'no detail' && signal ? `killed by ${signal}` : lastLines(stderr);
        reject(new DarkroomError('MEDIA_FAILED', `${file}: ffmpeg cannot decode its audio (${why}). Check the file plays; re-export it with a common audio codec (AAC, PCM) if it does not.`));
      }
    });
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  // A caller that never awaits `done` (a stream abandoned early) must not leave an unhandled rejection.
  done.catch(() => undefined);
  return { child, done, watchdog };
}

/** The last two meaningful lines of ffmpeg's stderr (progress key=value lines and banners left out). */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^[a-z_0-9]+=\S*$/.test(l) && !/^(ffmpeg version|built with|configuration:|lib\w+ +\d|Input #|Output #|Stream|Duration|Metadata|\w+ +:)/.test(l));
  return lines.slice(-2).join(' / ').slice(0, 300) || 'no detail';
}
