/**
 * Audio and video: ffprobe facts (duration, frame rate, start timecode, reel) and a transcript (sidecar,
 * external command or Whisper, see ingest/transcribe/transcribe.ts) as timed cues. Reports progress per
 * file with the real-time factor and time left.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../core/config.ts';
import { DarkroomError, isDarkroomError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { probeMedia } from '../../core/media/probe.ts';
import { describeMediaTools, resolveMediaTools, type MediaTools, type MediaToolsConfig } from '../../core/media/tools.ts';
import { describeProgress } from '../transcribe/progress.ts';
import { isAwaiting, transcribeMedia, type AwaitingTranscript, type Transcript, type TranscriptPreference } from '../transcribe/transcribe.ts';
import { fitCueTimes } from '../transcribe/fit-cue-times.ts';
import { describeAwaitingRush } from './awaiting-rush.ts';
import type { ExtractContext, Extracted, Extractor, Segment } from './types.ts';

export { isSidecarOf, mediaExtensions } from '../transcribe/sidecar.ts';

export interface MediaExtractorOptions {
  /** ffmpeg/ffprobe paths; default: resolved on the first media file from `toolPaths`, else the npm-shipped binaries. */
  tools?: MediaTools;
  /** DARKROOM_FFMPEG / DARKROOM_FFPROBE, resolved lazily so that a run without media never needs ffmpeg. */
  toolPaths?: MediaToolsConfig;
  /** Sidecar transcript first (default) or transcribe even when a sidecar exists. */
  prefer?: TranscriptPreference;
  command?: string | undefined;
  whisperModel?: string | undefined;
  /** Seconds before an external transcriber is killed; default 3600. */
  timeoutS?: number;
  language?: string | undefined;
  threads?: number;
}

const log = createLogger('media');

/** Milliseconds between two progress notes of one file. */
const PROGRESS_EVERY_MS = 500;

/**
 * The media extractor's options from the configuration: DARKROOM_FFMPEG/_FFPROBE, _TRANSCRIBE_CMD,
 * _TRANSCRIBE_TIMEOUT, _WHISPER_MODEL, _TRANSCRIPT_SOURCE, _TRANSCRIBE_LANG, _THREADS.
 */
export function mediaOptionsFrom(config: Config): MediaExtractorOptions {
  return {
    toolPaths: { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, ffmpegTimeoutS: config.ffmpegTimeoutS },
    prefer: config.transcriptSource,
    language: config.transcribeLang,
    command: config.transcribeCmd,
    whisperModel: config.whisperModel,
    timeoutS: config.transcribeTimeoutS,
    threads: config.threads,
  };
}

/**
 * The extractor for audio and video files. Without options it reads sidecar transcripts only, with the
 * npm-shipped ffmpeg; the CLI registers one built from the configuration ({@link mediaOptionsFrom}):
 * `registerExtractor([...mediaExtensions], createMediaExtractor(mediaOptionsFrom(config)))`.
 */
export function createMediaExtractor(options: MediaExtractorOptions = {}): Extractor {
  let tools = options.tools;
  return async (file: string, ctx: ExtractContext): Promise<Extracted> => {
    tools ??= resolveMediaTools(options.toolPaths);
    const media = await probeMedia(file, tools);
    const started = performance.now();
    let last = 0;
    const report = (phase: 'audio' | 'transcribe', seconds: number) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      const p = describeProgress(seconds, media.duration_s, (now - started) / 1000);
      ctx.onProgress?.(phase === 'audio' ? p.fraction * 0.1 : p.fraction, `${phase === 'audio' ? 'extracting audio' : 'transcribing'} · ${p.note}`);
    };
    const transcript = await transcribeOrAwait(file, media.has_audio, media.duration_s, {
      tools,
      prefer: options.prefer ?? 'sidecar',
      command: options.command,
      whisperModel: options.whisperModel,
      timeoutS: options.timeoutS ?? 3600,
      language: options.language,
      threads: options.threads ?? 1,
      signal: ctx.signal,
      onTime: report,
    });
    const title = path.basename(file, path.extname(file)).replace(/_+/g, ' ').trim();
    if (isAwaiting(transcript)) {
      ctx.onProgress?.(1, 'awaiting transcript');
      const text = describeAwaitingRush({ file, media, modified: (await stat(file)).mtime });
      return {
        kind: 'media',
        title,
        structure: 'cues',
        segments: [{ text, start_s: 0, end_s: media.duration_s }],
        duration_s: media.duration_s,
        media,
        transcript_method: 'none',
        details: { extractor: 'media', transcriber: 'none', awaiting: transcript.reason },
        awaiting: { reason: transcript.reason, error: transcript.error ? { code: transcript.error.code, message: transcript.error.message } : null },
      };
    }
    const elapsed = (performance.now() - started) / 1000;
    const speed = elapsed > 0 ? media.duration_s / elapsed : null;
    ctx.onProgress?.(1, `${transcript.method} · ${media.duration_s.toFixed(1)} s in ${elapsed.toFixed(1)} s${speed && transcript.method !== 'sidecar' ? ` · ×${speed.toFixed(1)} RT` : ''}`);
    const segments: Segment[] = transcript.cues.map((c) => ({
      text: c.text,
      start_s: c.start_s,
      end_s: c.end_s,
      ...(c.speaker ? { speaker: c.speaker } : {}),
      ...(c.words && c.words.length > 0 ? { words: c.words } : {}),
    }));
    return {
      kind: 'media',
      title,
      structure: 'cues',
      segments,
      duration_s: media.duration_s,
      media,
      transcript_method: transcript.method,
      details: {
        extractor: 'media',
        media_tools: describeMediaTools(tools),
        ...transcript.details,
        transcript_language: transcript.language,
        transcribe_s: Number(elapsed.toFixed(3)),
        real_time_factor: transcript.method === 'sidecar' || !speed ? null : Number(speed.toFixed(2)),
      },
    };
  };
}

/**
 * The transcript with its times kept inside the media (ingest/transcribe/fit-cue-times.ts): clamped or moved up,
 * with a warning logged and kept in the source's details (`time_warnings`); refused when it belongs to another clock.
 */
function fitToMedia(file: string, transcript: Transcript, duration: number): Transcript {
  const sidecar = transcript.method === 'sidecar';
  const source = sidecar ? `${String(transcript.details.sidecar)} (the sidecar transcript of ${path.basename(file)})` : `${file}: the transcriber's output`;
  const fitted = fitCueTimes(transcript.cues, { duration_s: duration, source, code: sidecar ? 'EXTRACT_FAILED' : 'TRANSCRIBE_FAILED' });
  for (const warning of fitted.warnings) log.warn(warning, { file });
  return fitted.warnings.length === 0 ? transcript : { ...transcript, cues: fitted.cues, details: { ...transcript.details, time_warnings: fitted.warnings } };
}

/** Errors of a transcriber (not of a sidecar, which fails as a bad file: EXTRACT_FAILED) that leave a rush awaiting. */
const transcriberFailures = new Set<string>(['TRANSCRIBE_FAILED', 'MEDIA_FAILED', 'MODEL_INVALID', 'MODEL_NOT_FOUND']);

/**
 * The transcript, or why the rush must wait for one. A transcriber that fails (exit code, timeout, unreadable
 * output, audio ffmpeg cannot decode) or hears nothing leaves the rush awaiting with the error, so that it is
 * kept; a cancelled run still stops.
 */
async function transcribeOrAwait(file: string, hasAudio: boolean, duration: number, options: Parameters<typeof transcribeMedia>[2]): Promise<Transcript | AwaitingTranscript> {
  try {
    const transcript = await transcribeMedia(file, hasAudio, options);
    if (isAwaiting(transcript)) return transcript;
    if (transcript.cues.length > 0) return fitToMedia(file, transcript, duration);
    const error = new DarkroomError('TRANSCRIBE_FAILED', `${file}: the transcriber heard no speech (an empty transcript). Check the audio, or run the transcriber by hand on this file.`);
    return { awaiting: true, reason: error.message, error };
  } catch (err) {
    if (!isDarkroomError(err) || !transcriberFailures.has(err.code)) throw err;
    return { awaiting: true, reason: err.message, error: err };
  }
}
