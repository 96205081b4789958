/**
 * Chooses how a recording gets its transcript, and gets it:
 * 1. a sidecar (`clip.srt`/`.vtt`/`.txt` next to `clip.mov`) when `prefer` is 'sidecar' (the default);
 * 2. else the external command (DARKROOM_TRANSCRIBE_CMD) when set;
 * 3. else Whisper (DARKROOM_WHISPER_MODEL) when set;
 * 4. else a sidecar after all (prefer 'transcribe' with nothing to transcribe with);
 * otherwise the rush awaits a transcript ({@link AwaitingTranscript}): it is kept, and `darkroom transcribe` or
 * a sidecar that appears later gives it words.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { MediaTools } from '../../core/media/tools.ts';
import type { Cue } from '../../core/subtitles/parse-subtitles.ts';
import type { TranscriptMethod } from '../../core/types.ts';
import { transcribeExternal } from './external.ts';
import { findSidecar, readSidecar } from './sidecar.ts';
import { transcribeWhisper } from './whisper.ts';

/** 'sidecar': a sidecar transcript wins over transcribing; 'transcribe': transcribe even when one exists. */
export type TranscriptPreference = 'sidecar' | 'transcribe';

export interface TranscribeOptions {
  tools: MediaTools;
  prefer: TranscriptPreference;
  /** DARKROOM_TRANSCRIBE_CMD. */
  command?: string | undefined;
  /** DARKROOM_WHISPER_MODEL. */
  whisperModel?: string | undefined;
  /** DARKROOM_TRANSCRIBE_TIMEOUT, seconds. */
  timeoutS: number;
  /** Forced language (ISO 639-1); default: detected. */
  language?: string | undefined;
  threads: number;
  signal?: AbortSignal | undefined;
  /** Called with the phase and the seconds of media processed so far. */
  onTime?: (phase: 'audio' | 'transcribe', seconds: number) => void;
}

export interface Transcript {
  cues: Cue[];
  method: TranscriptMethod;
  language: string | null;
  details: Record<string, unknown>;
}

/**
 * No transcript can be had now. `reason` says why in a sentence; `error` is set when something went wrong
 * (a transcriber that failed or heard nothing, a video with no audio stream), null when nothing is configured.
 */
export interface AwaitingTranscript {
  awaiting: true;
  reason: string;
  error: DarkroomError | null;
}

/** True when a transcriber (an external command or a Whisper model) is configured. */
export function canTranscribe(options: Pick<TranscribeOptions, 'command' | 'whisperModel'>): boolean {
  return options.command !== undefined || options.whisperModel !== undefined;
}

/**
 * @param hasAudio false for a video without an audio stream: only a sidecar can serve it.
 * @returns the transcript, or why the rush must wait for one (no sidecar and no transcriber; no audio stream).
 * @throws DarkroomError TRANSCRIBE_FAILED / MEDIA_FAILED / EXTRACT_FAILED naming the file and the fix when the
 *   transcriber or the sidecar fails.
 */
export async function transcribeMedia(file: string, hasAudio: boolean, options: TranscribeOptions): Promise<Transcript | AwaitingTranscript> {
  const sidecar = findSidecar(file);
  const fromSidecar = async (note?: string): Promise<Transcript> => {
    const cues = await readSidecar(sidecar as string);
    return { cues, method: 'sidecar', language: null, details: { transcriber: 'sidecar', sidecar, ...(note ? { note } : {}) } };
  };
  if (sidecar && options.prefer === 'sidecar') return fromSidecar();
  if (canTranscribe(options) && !hasAudio) {
    if (sidecar) return fromSidecar('no audio stream to transcribe');
    const error = new DarkroomError('MEDIA_FAILED', `${file} has no audio stream: there is nothing to transcribe. Ingest the file that carries the sound, or put a transcript next to it (${sidecarHint(file)}), then ingest again.`);
    return { awaiting: true, reason: error.message, error };
  }
  if (options.command !== undefined) {
    const t = await transcribeExternal(file, {
      command: options.command,
      tools: options.tools,
      timeoutS: options.timeoutS,
      language: options.language,
      signal: options.signal,
      onTime: (s) => options.onTime?.('audio', s),
    });
    return { cues: t.cues, method: 'external', language: options.language ?? null, details: t.details };
  }
  if (options.whisperModel !== undefined) {
    const t = await transcribeWhisper(file, {
      model: options.whisperModel,
      tools: options.tools,
      language: options.language,
      threads: options.threads,
      signal: options.signal,
      onTime: (s) => options.onTime?.('transcribe', s),
    });
    return { cues: t.cues, method: 'whisper', language: t.language, details: t.details };
  }
  if (sidecar) return fromSidecar('no transcriber configured');
  const reason = hasAudio
    ? `${file} has no transcript yet: it is kept, awaiting one. Put one next to it (${sidecarHint(file)}) and ingest again, or set DARKROOM_TRANSCRIBE_CMD (an external transcriber) or DARKROOM_WHISPER_MODEL (a local Whisper model) and run \`darkroom transcribe\`.`
    : `${file} has no transcript and no audio stream to transcribe: it is kept, awaiting one. Put one next to it (${sidecarHint(file)}) and ingest again.`;
  return { awaiting: true, reason, error: null };
}

/** True for the result of {@link transcribeMedia} when the rush must wait for a transcript. */
export function isAwaiting(t: Transcript | AwaitingTranscript): t is AwaitingTranscript {
  return 'awaiting' in t;
}

function sidecarHint(file: string): string {
  const base = file.replace(/\.[^./]+$/, '');
  return `${base.split('/').pop() ?? base}.srt or .vtt`;
}
