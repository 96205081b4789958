/**
 * Audio and video: ffprobe facts (duration, frame rate, start timecode, reel) and a transcript (sidecar,
 * external command or Whisper, see ingest/transcribe/transcribe.ts) as timed cues. Reports progress per
 * file with the real-time factor and time left.
 */
import path from 'node:path';
import type { Config } from '../../core/config.ts';
import { probeMedia } from '../../core/media/probe.ts';
import { resolveMediaTools, type MediaTools, type MediaToolsConfig } from '../../core/media/tools.ts';
import { describeProgress } from '../transcribe/progress.ts';
import { transcribeMedia, type TranscriptPreference } from '../transcribe/transcribe.ts';
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
    const transcript = await transcribeMedia(file, media.has_audio, {
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
      title: path.basename(file, path.extname(file)).replace(/_+/g, ' ').trim(),
      structure: 'cues',
      segments,
      duration_s: media.duration_s,
      media,
      transcript_method: transcript.method,
      details: {
        extractor: 'media',
        ...transcript.details,
        transcript_language: transcript.language,
        transcribe_s: Number(elapsed.toFixed(3)),
        real_time_factor: transcript.method === 'sidecar' || !speed ? null : Number(speed.toFixed(2)),
      },
    };
  };
}
