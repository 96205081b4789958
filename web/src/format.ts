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

/** Seconds as `HH:MM:SS` (whole seconds): the clock of a timed transcript without a start TC. */
export function clockTime(seconds: number): string {
  const s = Math.floor(Math.max(0, seconds) + 1e-6);
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/**
 * Where a citation is, as an editor reads it, in one format everywhere: media with a start TC
 * `TC 10:00:03:05 – 10:00:09:12`; a timed transcript without TC `00:03:06 – 00:03:27`; a PDF `p. 4`.
 */
export function citationPlace(c: Pick<Citation, 'page' | 'tc_in' | 'tc_out' | 'start_s' | 'end_s'>, pageLabel = 'p.'): string {
  if (c.tc_in) return `TC ${c.tc_in}${c.tc_out ? ` – ${c.tc_out}` : ''}`;
  if (c.start_s !== null) return `${clockTime(c.start_s)} – ${clockTime(c.end_s ?? c.start_s)}`;
  if (c.page !== null) return `${pageLabel} ${c.page}`;
  return '';
}

/**
 * The time a transcript's passages span, `14:02:11 – 14:07:04`, or '' when none is timed. A source's
 * duration_s is its last cue's end, which is a wrong length when cues carry a time-of-day clock.
 */
export function passageSpan(passages: ReadonlyArray<{ start_s: number | null; end_s: number | null }>): string {
  let first = Infinity;
  let last = -Infinity;
  for (const p of passages) {
    if (p.start_s !== null) first = Math.min(first, p.start_s);
    const end = p.end_s ?? p.start_s;
    if (end !== null) last = Math.max(last, end);
  }
  return Number.isFinite(first) && Number.isFinite(last) ? `${clockTime(first)} – ${clockTime(last)}` : '';
}

/** The folder part of a path, with its trailing separator (either separator). */
function folderOf(p: string): string {
  return p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** The folder of `p` relative to `root` (a folder prefix), or the whole folder when `p` is not under it. */
export function folderUnder(p: string, root: string): string {
  const dir = folderOf(p);
  return root && dir.startsWith(root) ? dir.slice(root.length) : dir;
}

/**
 * The longest folder prefix (ending with a separator) that every path shares; '' when they share only the
 * filesystem's root ("/", "C:\\"), so that folders shown under it keep their root ("/srv/b/", not "srv/b/").
 */
export function commonFolder(paths: readonly string[]): string {
  let prefix = paths[0] === undefined ? '' : folderOf(paths[0]);
  while (prefix && !paths.every((p) => p.startsWith(prefix))) prefix = folderOf(prefix.slice(0, -1));
  return /^([\\/]{1,2}|[A-Za-z]:[\\/])$/.test(prefix) ? '' : prefix;
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
