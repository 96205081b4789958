/**
 * How the UI writes times, timecodes, places and sizes. Pure: unit-tested in Node.
 * Source timecode comes from core/timecode.ts (bundled into the page).
 */
import type { Citation } from '../../core/protocol/chat.ts';
import { formatTimecode, frameRateFrom, isDropFrameTimecode, parseTimecode, secondsToFrames, type FrameRate } from '../../core/timecode.ts';

/** A media file's clock: its first frame's timecode (as frames) and its rate. */
export interface SourceClock {
  startFrames: number;
  rate: FrameRate;
}

/**
 * The clock of the rush a citation points at, from its TC in and start seconds (TC in = file start +
 * floor(start_s × fps) frames), or null when the passage has no timecode (a transcript without media,
 * audio without a start TC).
 */
export function clockOf(c: Pick<Citation, 'tc_in' | 'fps' | 'start_s'>): SourceClock | null {
  if (!c.tc_in || !c.fps || c.start_s === null) return null;
  try {
    const rate = frameRateFrom(c.fps, isDropFrameTimecode(c.tc_in));
    return { startFrames: parseTimecode(c.tc_in, rate) - secondsToFrames(c.start_s, rate), rate };
  } catch {
    return null;
  }
}

/** The source timecode showing at `seconds` into the file. */
export function timecodeOnClock(clock: SourceClock, seconds: number): string {
  return formatTimecode(clock.startFrames + secondsToFrames(Math.max(0, seconds), clock.rate), clock.rate);
}

/** What the player shows: the source timecode when the rush has one, else file time `HH:MM:SS.t`. */
export function playerTime(clock: SourceClock | null, seconds: number): string {
  return clock ? timecodeOnClock(clock, seconds) : fileTime(seconds);
}

/** File time as `HH:MM:SS.t` (tenths), for media without timecode. */
export function fileTime(seconds: number): string {
  const tenths = Math.floor(Math.max(0, seconds) * 10 + 1e-6);
  const s = Math.floor(tenths / 10);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}.${tenths % 10}`;
}

/** A duration as `1 h 02 min`, `3 min 05 s` or `42 s`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${s} s`;
}

/** Bytes as `812 B`, `14.2 kB`, `3.4 MB`, `1.2 GB` (powers of 1000). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Where a citation is, as an editor reads it: `TC 10:00:03:05 – 10:00:09:12`, `p. 4`, or file times. */
export function citationPlace(c: Pick<Citation, 'page' | 'tc_in' | 'tc_out' | 'start_s' | 'end_s'>, pageLabel = 'p.'): string {
  if (c.tc_in) return `${c.tc_in} – ${c.tc_out ?? ''}`.trim();
  if (c.start_s !== null) return `${fileTime(c.start_s)} – ${fileTime(c.end_s ?? c.start_s)}`;
  if (c.page !== null) return `${pageLabel} ${c.page}`;
  return '';
}

/** The file name of a path (either separator). */
export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** A number with at most `digits` decimals, or an em dash for null. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number(value.toFixed(digits)).toString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
