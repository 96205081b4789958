/**
 * From selected passages to a record timeline: each passage becomes a clip (source in/out from the file's
 * start timecode, handles added, clamped to the media), placed back to back from 01:00:00:00. Pure.
 */
import { DarkroomError } from '../../core/errors.ts';
import { framesToSeconds, parseTimecode, secondsToFrames, type FrameRate } from '../../core/timecode.ts';
import { formatExportRate, sameRate } from './export-rate.ts';
import { assignReelNames } from './sanitize.ts';
import type { ClipFile, ExportClip, ExportTimeline } from './types.ts';

/** Where a record timeline starts, as NLEs default to. */
export const RECORD_START_TC = '01:00:00:00';

/** A passage chosen for export, in seconds from the start of its file. */
export interface ClipSpan {
  id: string;
  start_s: number;
  end_s: number;
  handle_before_s: number;
  handle_after_s: number;
  speaker: string | null;
  text: string;
}

/** What the export needs to know of the passage's file. */
export interface ClipSource extends ClipFile {
  /** The file's frame rate; null when unknown (a transcript): the timeline rate is assumed. */
  rate: FrameRate | null;
  /** The file's start timecode; null: 00:00:00:00. */
  startTc: string | null;
  durationS: number | null;
}

/**
 * Resolves a passage against its file at the timeline rate.
 * @throws DarkroomError FRAME_RATE_MISMATCH when the file runs at another rate (or counts drop-frame differently),
 *   TIMECODE_INVALID when the passage lies outside the media.
 */
export function placeClip(span: ClipSpan, source: ClipSource, rate: FrameRate): ExportClip {
  if (source.rate && !sameRate(source.rate, rate)) {
    throw new DarkroomError(
      'FRAME_RATE_MISMATCH',
      `${source.clipName} runs at ${formatExportRate(source.rate)} fps but the timeline is ${formatExportRate(rate)}. Export with --fps ${formatExportRate(source.rate)} (HTTP ?fps=${formatExportRate(source.rate)}), or remove that select.`,
    );
  }
  const durationS = source.durationS;
  if (span.start_s < 0 || span.end_s < span.start_s || (durationS !== null && span.start_s >= durationS)) {
    throw new DarkroomError(
      'TIMECODE_INVALID',
      `The select ${span.id} spans ${span.start_s.toFixed(3)}-${span.end_s.toFixed(3)} s, outside ${source.clipName} (0-${durationS?.toFixed(3) ?? '?'} s). Remove it from the select list and add it again from a search hit.`,
    );
  }
  const startFrame = source.startTc ? parseTimecode(source.startTc, rate) : 0;
  const durationFrames = durationS === null ? null : Math.max(1, secondsToFrames(durationS, rate));
  const clampEnd = (f: number) => (durationFrames === null ? f : Math.min(f, durationFrames));
  const markIn = secondsToFrames(span.start_s, rate);
  const markOut = clampEnd(Math.max(markIn + 1, framesCeil(span.end_s, rate)));
  const inFrame = Math.max(0, secondsToFrames(span.start_s - span.handle_before_s, rate));
  const outFrame = clampEnd(Math.max(markOut, framesCeil(span.end_s + span.handle_after_s, rate)));
  return {
    id: span.id,
    path: source.path,
    clipName: source.clipName,
    reel: source.reel,
    isMedia: source.isMedia,
    hasVideo: source.hasVideo,
    hasAudio: source.hasAudio,
    width: source.width,
    height: source.height,
    startFrame,
    durationFrames,
    inFrame: startFrame + inFrame,
    outFrame: startFrame + outFrame,
    markIn: startFrame + markIn,
    markOut: startFrame + markOut,
    speaker: span.speaker,
    text: span.text,
  };
}

/** Places clips back to back on a record timeline starting at 01:00:00:00, with one reel name per file. */
export function buildTimeline(title: string, rate: FrameRate, clips: ExportClip[]): ExportTimeline {
  const reels = assignReelNames(clips);
  const startFrame = parseTimecode(RECORD_START_TC, rate);
  let at = startFrame;
  const events = clips.map((clip, i) => {
    const length = clip.outFrame - clip.inFrame;
    const event = { n: i + 1, clip, reel: reels.get(clip.path) ?? 'AX', recIn: at, recOut: at + length };
    at += length;
    return event;
  });
  return { title, rate, startFrame, events };
}

/** The first frame boundary at or after `seconds`: an out point that keeps the passage's last word. */
function framesCeil(seconds: number, rate: FrameRate): number {
  const f = secondsToFrames(seconds, rate);
  return framesToSeconds(f, rate) < seconds - 1e-6 ? f + 1 : f;
}
