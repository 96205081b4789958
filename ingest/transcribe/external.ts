/**
 * An external transcriber (DARKROOM_TRANSCRIBE_CMD): whisper.cpp, faster-whisper, WhisperX or any command
 * that reads audio and writes SRT, WebVTT or JSON. The template's placeholders (shell-quoted when
 * substituted): {input} a 16 kHz mono 16-bit WAV of the media's audio; {media} the original file;
 * {output} the transcript path to write (`.srt`); {outbase} the same without extension; {outdir} a fresh
 * folder for the output; {lang} the forced language or "auto". When {output} is not written, the first
 * .srt, .vtt or .json in {outdir} is read.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import { extractAudioWav } from '../../core/media/audio.ts';
import type { MediaTools } from '../../core/media/tools.ts';
import { parseSubtitles, type Cue } from '../../core/subtitles/parse-subtitles.ts';
import { cuesFromTranscriptJson } from './transcript-json.ts';

export interface ExternalOptions {
  /** The command template (run by `sh -c`). */
  command: string;
  tools: MediaTools;
  /** Seconds before the command (and its children) are killed. */
  timeoutS: number;
  language?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Seconds of audio extracted so far (the command itself reports nothing). */
  onTime?: (seconds: number) => void;
}

export interface ExternalTranscript {
  cues: Cue[];
  details: { transcriber: 'external'; command: string; output_format: string };
}

/** Substitutes the placeholders, each value single-quoted for the shell. Pure. */
export function fillCommandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? shellQuote(values[name] ?? '') : whole));
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the transcriber on `file` and parses what it wrote.
 * @throws DarkroomError TRANSCRIBE_FAILED naming the file and the command on a non-zero exit, a timeout, or
 *   missing, empty or malformed output; MEDIA_FAILED when the audio cannot be extracted.
 */
export async function transcribeExternal(file: string, options: ExternalOptions): Promise<ExternalTranscript> {
  const work = await mkdtemp(path.join(tmpdir(), 'darkroom-transcribe-'));
  try {
    const input = path.join(work, 'audio.wav');
    await extractAudioWav(file, input, { tools: options.tools, signal: options.signal, onTime: options.onTime });
    const outdir = path.join(work, 'out');
    await mkdir(outdir);
    const output = path.join(outdir, 'transcript.srt');
    const command = fillCommandTemplate(options.command, {
      input,
      media: file,
      output,
      outbase: output.slice(0, -4),
      outdir,
      lang: options.language ?? 'auto',
    });
    await runCommand(command, file, options);
    const written = await findOutput(output, outdir);
    if (!written) {
      throw new DarkroomError('TRANSCRIBE_FAILED', `${file}: the transcriber wrote no transcript (expected {output} or an .srt/.vtt/.json in {outdir}). Check DARKROOM_TRANSCRIBE_CMD: ${options.command}`);
    }
    return { cues: await parseOutput(written, file), details: { transcriber: 'external', command: options.command, output_format: path.extname(written).slice(1) } };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runCommand(command: string, file: string, options: ExternalOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let why: 'timeout' | 'abort' | null = null;
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    const kill = (reason: 'timeout' | 'abort') => {
      why = reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutS * 1000);
    const onAbort = () => kill('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (err: DarkroomError | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (err) => finish(new DarkroomError('TRANSCRIBE_FAILED', `${file}: cannot start the transcriber (${err.message}). Check DARKROOM_TRANSCRIBE_CMD.`, { cause: err })));
    child.on('close', (code, signal) => {
      if (why === 'timeout') {
        finish(new DarkroomError('TRANSCRIBE_FAILED', `${file}: the transcriber ran past ${options.timeoutS} s and was stopped. Raise DARKROOM_TRANSCRIBE_TIMEOUT, or check the command: ${options.command}`));
      } else if (why === 'abort') {
        finish(new DarkroomError('CANCELLED', `${file}: transcription cancelled.`));
      } else if (code !== 0) {
        const tail = stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 400);
        finish(new DarkroomError('TRANSCRIBE_FAILED', `${file}: the transcriber failed (${signal ? `killed by ${signal}` : `exit ${code}`}${tail ? `: ${tail}` : ''}). Run DARKROOM_TRANSCRIBE_CMD by hand on this file to see why: ${options.command}`));
      } else finish(null);
    });
  });
}

async function findOutput(output: string, outdir: string): Promise<string | null> {
  if (await isFile(output)) return output;
  const names = (await readdir(outdir)).sort();
  for (const ext of ['.srt', '.vtt', '.json']) {
    const name = names.find((n) => n.toLowerCase().endsWith(ext));
    if (name) return path.join(outdir, name);
  }
  return null;
}

async function parseOutput(written: string, file: string): Promise<Cue[]> {
  const text = (await readFile(written, 'utf8')).replace(/^\uFEFF/, '');
  if (!text.trim()) {
    throw new DarkroomError('TRANSCRIBE_FAILED', `${file}: the transcriber wrote an empty transcript (no speech heard, or it failed quietly). Check the audio, or run DARKROOM_TRANSCRIBE_CMD by hand.`);
  }
  const ext = path.extname(written).toLowerCase();
  try {
    if (ext === '.json' || /^\s*[[{]/.test(text)) return cuesFromTranscriptJson(text, `${file}: the transcriber's output`);
    return parseSubtitles(text, ext === '.vtt' ? '.vtt' : '.srt', `${file}: the transcriber's output`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DarkroomError('TRANSCRIBE_FAILED', message.includes('transcriber') ? message : `${file}: the transcriber's output is malformed (${message}).`, { cause: err });
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
