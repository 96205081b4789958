/**
 * A rush's times as an editor reads them in the CLI: source timecode (the file's start timecode, else
 * 00:00:00:00, at its frame rate), and HH:MM:SS.ss only for a file without a frame rate (audio, a transcript).
 * Pure: no I/O. The arithmetic is core/timecode.ts; the start timecode and rate come from a source's media_json.
 */
import { formatTimecodeContinuous, frameRateFrom, secondsToFrames, timecodeAt, type FrameRate } from './timecode.ts';
import type { MediaInfo } from './types.ts';

/** What a rush's timecode needs: its rate and first frame's timecode; null without a frame rate. */
export interface RushClock {
  rate: FrameRate;
  startTc: string;
}

/** The clock of a media source from its `media_json`; null when it has no frame rate or cannot be read. */
export function rushClock(mediaJson: string | null | undefined): RushClock | null {
  if (!mediaJson) return null;
  try {
    const media = JSON.parse(mediaJson) as MediaInfo;
    if (!media.fps_rational) return null;
    const rate = frameRateFrom(media.fps_rational, media.drop_frame);
    const startTc = media.start_tc ?? (rate.dropFrame ? '00:00:00;00' : '00:00:00:00');
    timecodeAt(startTc, 0, rate);
    return { rate, startTc };
  } catch {
    return null;
  }
}

/** Seconds as HH:MM:SS.ss (hours not wrapped). */
export function formatClockSeconds(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${(s % 60).toFixed(2).padStart(5, '0')}`;
}

/** The source timecode at `seconds` into the rush, or HH:MM:SS.ss without a clock. */
export function formatRushTime(seconds: number, clock: RushClock | null): string {
  return clock ? timecodeAt(clock.startTc, Math.max(0, seconds), clock.rate) : formatClockSeconds(seconds);
}

/** A length as timecode (frames counted from 00:00:00:00 at the rush's rate), or HH:MM:SS.ss without a clock. */
export function formatRushDuration(seconds: number, clock: RushClock | null): string {
  if (!clock) return formatClockSeconds(seconds);
  try {
    return formatTimecodeContinuous(secondsToFrames(Math.max(0, seconds), clock.rate), clock.rate);
  } catch {
    return formatClockSeconds(seconds);
  }
}
