/**
 * Whisper through transformers.js, from a local model folder (DARKROOM_WHISPER_MODEL), in a worker thread.
 * Audio streams from ffmpeg in windows of about five minutes, each cut at its quietest moment so that no
 * word is split; the pipeline chunks each window in 30 s pieces with timestamps. The model's folder name and
 * its encoder's sha256 are recorded with the source.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DarkroomError } from '../../core/errors.ts';
import { streamAudio, TRANSCRIBE_SAMPLE_RATE } from '../../core/media/audio.ts';
import type { MediaTools } from '../../core/media/tools.ts';
import { hashFile } from '../../core/models/file-hash.ts';
import type { Cue } from '../../core/subtitles/parse-subtitles.ts';
import { cuesFromWhisperOutput, quietestCut, type WhisperOutput } from './whisper-output.ts';

/** Seconds of audio sent to the worker at a time (bounded memory: 300 s = 19 MB of samples). */
export const WINDOW_S = 300;

/**
 * The worker is TypeScript: a small script registers tsx in the new thread (loader hooks do not carry over
 * to workers however the parent was started), then imports it.
 */
const workerBootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./whisper-worker.ts', import.meta.url).href)}); })`;

export interface WhisperOptions {
  /** The model folder (transformers.js layout: config.json, onnx/encoder_model*.onnx, onnx/decoder_model_merged*.onnx). */
  model: string;
  tools: MediaTools;
  /** ISO 639-1 code to force ("fr"); default: detected by the model on the first 30 s. */
  language?: string | undefined;
  threads: number;
  signal?: AbortSignal | undefined;
  /** Seconds of media transcribed so far. */
  onTime?: (seconds: number) => void;
}

export interface WhisperTranscript {
  cues: Cue[];
  language: string | null;
  details: { transcriber: 'whisper'; model: string; model_sha256: string; dtype: string; language: string | null; language_detected: boolean };
}

/**
 * Checks a Whisper model folder and finds its encoder and the dtype that selects it.
 * @throws DarkroomError MODEL_INVALID naming the missing file.
 */
export function locateWhisperModel(folder: string): { encoder: string; dtype: 'fp32' | 'q8' | 'fp16' } {
  for (const required of ['config.json', 'preprocessor_config.json', 'tokenizer.json']) {
    if (!existsSync(path.join(folder, required))) {
      throw new DarkroomError('MODEL_INVALID', `${path.join(folder, required)} is missing. DARKROOM_WHISPER_MODEL must be a transformers.js Whisper folder (config.json, preprocessor_config.json, tokenizer.json, onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx).`);
    }
  }
  for (const [suffix, dtype] of [['', 'fp32'], ['_quantized', 'q8'], ['_fp16', 'fp16']] as const) {
    const encoder = path.join(folder, 'onnx', `encoder_model${suffix}.onnx`);
    if (existsSync(encoder) && existsSync(path.join(folder, 'onnx', `decoder_model_merged${suffix}.onnx`))) return { encoder, dtype };
  }
  throw new DarkroomError('MODEL_INVALID', `No onnx/encoder_model.onnx + onnx/decoder_model_merged.onnx (or _quantized, _fp16) in ${folder}. Export the Whisper model for transformers.js (e.g. onnx-community/whisper-small) and point DARKROOM_WHISPER_MODEL at it.`);
}

export async function transcribeWhisper(file: string, options: WhisperOptions): Promise<WhisperTranscript> {
  const folder = path.resolve(options.model);
  const { encoder, dtype } = locateWhisperModel(folder);
  const sha256 = await hashFile(encoder);
  const worker = new Worker(workerBootstrap, {
    eval: true,
    workerData: { model: folder, dtype, threads: options.threads, language: options.language ?? null },
  });
  const onAbort = () => void worker.terminate();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const client = connect(worker, file, folder);
  try {
    await client.ready;
    const cues: Cue[] = [];
    let language: string | null = options.language ?? null;
    let detected = false;
    const window = new Float32Array(WINDOW_S * TRANSCRIBE_SAMPLE_RATE);
    let filled = 0;
    let offset = 0;
    const send = async (length: number) => {
      const samples = window.slice(0, length);
      const reply = await client.transcribe(samples, offset);
      cues.push(...cuesFromWhisperOutput(reply.output, offset, length / TRANSCRIBE_SAMPLE_RATE));
      if (reply.detected) [language, detected] = [reply.detected, true];
      else language ??= reply.language;
      window.copyWithin(0, length, filled);
      filled -= length;
      offset += length / TRANSCRIBE_SAMPLE_RATE;
      options.onTime?.(offset);
    };
    for await (const piece of streamAudio(file, { tools: options.tools, signal: options.signal })) {
      let at = 0;
      while (at < piece.length) {
        const n = Math.min(piece.length - at, window.length - filled);
        window.set(piece.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === window.length) await send(quietestCut(window, TRANSCRIBE_SAMPLE_RATE));
      }
    }
    if (filled > 0) await send(filled);
    if (options.signal?.aborted) throw new DarkroomError('CANCELLED', `${file}: transcription cancelled.`);
    return { cues, language, details: { transcriber: 'whisper', model: path.basename(folder), model_sha256: sha256, dtype, language, language_detected: detected } };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}

interface Reply {
  output: WhisperOutput | WhisperOutput[];
  language: string | null;
  detected: string | null;
}

/** A request/response client over the worker's messages. */
function connect(worker: Worker, file: string, folder: string) {
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let failReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    failReady = reject;
    worker.on('message', (msg: { type: string; id: number | null; message?: string } & Reply) => {
      if (msg.type === 'ready') resolve();
      else if (msg.type === 'result' && msg.id !== null) pending.get(msg.id)?.resolve(msg);
      else if (msg.type === 'error') {
        const err =
          msg.id === null
            ? new DarkroomError('MODEL_INVALID', `Could not load the Whisper model in ${folder}: ${msg.message?.replace(/\.+$/, '')}. Check DARKROOM_WHISPER_MODEL.`)
            : new DarkroomError('TRANSCRIBE_FAILED', `${file}: Whisper failed (${msg.message?.replace(/\.+$/, '')}). Try a forced language, or another model.`);
        if (msg.id === null) reject(err);
        else pending.get(msg.id)?.reject(err);
      }
      if (msg.id !== null) pending.delete(msg.id);
    });
  });
  const failAll = (err: Error) => {
    failReady(err);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('error', (err) => failAll(new DarkroomError('TRANSCRIBE_FAILED', `${file}: the Whisper worker crashed (${err.message}).`, { cause: err })));
  worker.on('exit', (code) => failAll(new DarkroomError('TRANSCRIBE_FAILED', `${file}: the Whisper worker stopped (exit ${code}) before finishing.`)));
  return {
    ready,
    transcribe(samples: Float32Array, offset_s: number): Promise<Reply> {
      const id = nextId++;
      return new Promise<Reply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'window', id, samples, offset_s }, [samples.buffer as ArrayBuffer]);
      });
    },
  };
}
