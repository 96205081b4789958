/**
 * SMPTE timecode arithmetic: parse and format `HH:MM:SS:FF` (drop-frame `HH:MM:SS;FF`), convert between
 * timecode, frame counts and seconds, wrap at midnight (24 h). Pure: no I/O.
 *
 * A timecode counts frames at the rate's nominal speed (24, 25, 30, 60); the real rate may be slower
 * (23.976 = 24000/1001, 29.97 = 30000/1001, 59.94 = 60000/1001). Drop-frame timecode (29.97 and 59.94
 * only) skips frame numbers 0-1 (0-3 at 59.94) at the start of every minute except each tenth minute,
 * so that it stays within a frame or two of the wall clock.
 */
import { DarkroomError } from './errors.ts';

/** A frame rate as timecode needs it. */
export interface FrameRate {
  /** Nominal frames per timecode second: 24, 25, 30, 50, 60 (30 for 29.97, 24 for 23.976). */
  fps: number;
  /** The real rate as a fraction [numerator, denominator], e.g. [30000, 1001]. */
  rational: [number, number];
  /** Drop-frame counting (only 29.97 and 59.94 allow it). */
  dropFrame: boolean;
}

const SECONDS_PER_DAY = 86_400;
/** Seconds are turned into frames with this tolerance so that 0.12 s at 25 fps is frame 3, not 2.999…. */
const EPSILON = 1e-6;
const TC_PATTERN = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/;

/** True when the timecode's frame separator marks drop-frame (`;`, or `.`/`,` as some tools write it). */
export function isDropFrameTimecode(tc: string): boolean {
  const m = TC_PATTERN.exec(tc.trim());
  return m !== null && m[4] !== ':';
}

/**
 * A frame rate from an ffprobe rational ("30000/1001", "25/1", "25"), a number (29.97, 25) or a pair.
 * Decimal NTSC rates (23.976, 29.97, 47.952, 59.94, 119.88) map to their exact 1001 fractions.
 * @param dropFrame drop-frame counting; default false. Allowed only for 29.97 and 59.94.
 * @throws DarkroomError TIMECODE_INVALID for a zero, negative or unreadable rate, or drop-frame on another rate.
 */
export function frameRateFrom(rate: string | number | [number, number], dropFrame = false): FrameRate {
  const rational = toRational(rate);
  const [num, den] = rational;
  const real = num / den;
  const fps = Math.round(real);
  if (dropFrame && !isDropFrameCapable(rational)) {
    throw new DarkroomError(
      'TIMECODE_INVALID',
      `Drop-frame timecode is defined only for 29.97 and 59.94 fps, not ${formatRate(rational)}. Use non-drop-frame timecode (":" before the frames) for this rate.`,
    );
  }
  return { fps, rational, dropFrame };
}

/** True for 30000/1001 and 60000/1001: the rates where drop-frame timecode exists. */
export function isDropFrameCapable(rational: [number, number]): boolean {
  const [num, den] = rational;
  return den === 1001 && (num === 30000 || num === 60000);
}

/** The real frames per second as a number (29.97002997… for 30000/1001). */
export function realFps(rate: FrameRate): number {
  return rate.rational[0] / rate.rational[1];
}

/** Frames skipped at each non-tenth minute in drop-frame counting (2 at 29.97, 4 at 59.94; 0 otherwise). */
function dropPerMinute(rate: FrameRate): number {
  return rate.dropFrame ? Math.round(rate.fps / 15) : 0;
}

/** Timecode frames in 24 hours (the length of one timecode day). */
export function framesPerDay(rate: FrameRate): number {
  const drop = dropPerMinute(rate);
  return rate.fps * SECONDS_PER_DAY - drop * 24 * 54;
}

/**
 * Frame count (from 00:00:00:00) of a timecode.
 * Accepts `HH:MM:SS:FF`, and `HH:MM:SS;FF` (or `.`/`,`) for drop-frame rates.
 * @throws DarkroomError TIMECODE_INVALID naming the value, why, and the fix.
 */
export function parseTimecode(tc: string, rate: FrameRate): number {
  const value = tc.trim();
  const m = TC_PATTERN.exec(value);
  if (!m) {
    throw new DarkroomError('TIMECODE_INVALID', `"${tc}" is not a timecode. Write it as HH:MM:SS:FF (or HH:MM:SS;FF for drop-frame), e.g. 10:00:00:00.`);
  }
  const [h, min, s, f] = [m[1], m[2], m[3], m[5]].map(Number) as [number, number, number, number];
  const dfSeparator = m[4] !== ':';
  if (dfSeparator && !rate.dropFrame) {
    throw new DarkroomError(
      'TIMECODE_INVALID',
      `"${tc}" is a drop-frame timecode but the rate is ${formatRate(rate.rational)} non-drop-frame. Use ":" before the frames, or a drop-frame rate (29.97 or 59.94 DF).`,
    );
  }
  if (h > 23 || min > 59 || s > 59) {
    throw new DarkroomError('TIMECODE_INVALID', `"${tc}" is out of range: hours must be 00-23, minutes and seconds 00-59.`);
  }
  if (f >= rate.fps) {
    throw new DarkroomError('TIMECODE_INVALID', `"${tc}" has frame ${f}, but at ${formatRate(rate.rational)} frames run 00-${String(rate.fps - 1).padStart(2, '0')}. Check the timecode or the frame rate.`);
  }
  const drop = dropPerMinute(rate);
  if (drop > 0 && s === 0 && min % 10 !== 0 && f < drop) {
    throw new DarkroomError(
      'TIMECODE_INVALID',
      `"${tc}" does not exist in drop-frame timecode: frames 00-${String(drop - 1).padStart(2, '0')} are skipped at the start of every minute except each tenth. Use the next frame (${pad(h)}:${pad(min)}:00;${pad(drop)}).`,
    );
  }
  const totalMinutes = h * 60 + min;
  return (totalMinutes * 60 + s) * rate.fps + f - drop * (totalMinutes - Math.floor(totalMinutes / 10));
}

/**
 * The timecode of a frame count (from 00:00:00:00). Counts past 24 h or below zero wrap around midnight.
 * Drop-frame timecodes use `;` before the frames.
 */
export function formatTimecode(frames: number, rate: FrameRate): string {
  if (!Number.isFinite(frames)) {
    throw new DarkroomError('TIMECODE_INVALID', `Frame count ${frames} is not a finite number. Pass a whole number of frames.`);
  }
  const day = framesPerDay(rate);
  return formatFrameCount(((Math.floor(frames) % day) + day) % day, rate);
}

/** Most hours a two-digit timecode field holds. */
const MAX_TIMECODE_HOURS = 99;

/**
 * The timecode of a frame count WITHOUT wrapping at midnight: a rush that starts at 23:59:50:00 and runs
 * 20 s ends at 24:00:10:00. For edit lists, where an out point must never come before its in point
 * (OpenTimelineIO's CMX3600 reader and NLEs read hours past 23 as a continuing count).
 * @throws DarkroomError TIMECODE_INVALID for a negative count or one past 99:59:59:FF.
 */
export function formatTimecodeContinuous(frames: number, rate: FrameRate): string {
  if (!Number.isFinite(frames) || frames < 0) {
    throw new DarkroomError('TIMECODE_INVALID', `Frame count ${frames} is not a whole number of frames from 00:00:00:00. Pass a count of 0 or more.`);
  }
  const tc = formatFrameCount(Math.floor(frames), rate);
  if (Number(tc.split(/[:;]/)[0]) > MAX_TIMECODE_HOURS) {
    throw new DarkroomError('TIMECODE_INVALID', `Frame ${frames} lies past ${MAX_TIMECODE_HOURS}:59:59 at ${formatRate(rate.rational)} fps, which a timecode field cannot hold. Export a shorter span or a clip nearer its file's start.`);
  }
  return tc;
}

/** HH:MM:SS:FF of a frame count from 00:00:00:00, hours not wrapped. */
function formatFrameCount(count: number, rate: FrameRate): string {
  let n = count;
  const drop = dropPerMinute(rate);
  if (drop > 0) {
    const perMinute = rate.fps * 60 - drop;
    const perTenMinutes = perMinute * 10 + drop;
    const tens = Math.floor(n / perTenMinutes);
    const rest = n % perTenMinutes;
    n += drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const f = n % rate.fps;
  const totalSeconds = Math.floor(n / rate.fps);
  const s = totalSeconds % 60;
  const min = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  return `${pad(h)}:${pad(min)}:${pad(s)}${drop > 0 ? ';' : ':'}${pad(f)}`;
}

/** Real seconds that `frames` frames last at this rate (frames × den / num). */
export function framesToSeconds(frames: number, rate: FrameRate): number {
  return (frames * rate.rational[1]) / rate.rational[0];
}

/** The frame showing at `seconds` (floor): 0.999 s at 25 fps is frame 24. */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
  if (!Number.isFinite(seconds)) {
    throw new DarkroomError('TIMECODE_INVALID', `${seconds} is not a number of seconds. Pass a finite number.`);
  }
  return Math.floor((seconds * rate.rational[0]) / rate.rational[1] + EPSILON);
}

/** Source timecode at `seconds` from the start of a file whose first frame is `startTc` (wraps at midnight). */
export function timecodeAt(startTc: string, seconds: number, rate: FrameRate): string {
  return formatTimecode(parseTimecode(startTc, rate) + secondsToFrames(seconds, rate), rate);
}

/**
 * Seconds from the start of a file (first frame `startTc`) to timecode `tc`. A `tc` earlier than
 * `startTc` is taken to be after midnight (the file crossed 24:00:00:00).
 */
export function secondsAt(startTc: string, tc: string, rate: FrameRate): number {
  const day = framesPerDay(rate);
  const delta = (((parseTimecode(tc, rate) - parseTimecode(startTc, rate)) % day) + day) % day;
  return framesToSeconds(delta, rate);
}

function toRational(rate: string | number | [number, number]): [number, number] {
  let pair: [number, number] | null = null;
  if (Array.isArray(rate)) pair = [rate[0], rate[1]];
  else if (typeof rate === 'number') pair = fromDecimal(rate);
  else {
    const text = rate.trim();
    const m = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(text);
    if (m) pair = m[2] === undefined ? fromDecimal(Number(m[1])) : [Number(m[1]), Number(m[2])];
  }
  if (!pair || !Number.isFinite(pair[0]) || !Number.isFinite(pair[1]) || pair[0] <= 0 || pair[1] <= 0) {
    throw new DarkroomError('TIMECODE_INVALID', `Frame rate ${JSON.stringify(rate)} is not usable. Give a positive rate such as 25, 29.97 or "30000/1001".`);
  }
  const ntsc = nearNtsc(pair[0] / pair[1]);
  if (ntsc) return ntsc;
  if (!Number.isInteger(pair[0]) || !Number.isInteger(pair[1])) return pair;
  const g = gcd(pair[0], pair[1]);
  return [pair[0] / g, pair[1] / g];
}

/** The exact 1001 fraction of an NTSC rate written as a decimal (29.97, 2997/100), or null. */
function nearNtsc(value: number): [number, number] | null {
  const nominal = Math.round(value * 1.001);
  if (![24, 30, 48, 60, 120].includes(nominal) || Number.isInteger(value)) return null;
  return Math.abs((nominal * 1000) / 1001 - value) < 0.006 ? [nominal * 1000, 1001] : null;
}

/** 25 -> [25, 1]; other decimals -> thousandths (NTSC decimals are mapped by nearNtsc). */
function fromDecimal(value: number): [number, number] | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  if (Number.isInteger(value)) return [value, 1];
  const g = gcd(Math.round(value * 1000), 1000);
  return [Math.round(value * 1000) / g, 1000 / g];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function formatRate([num, den]: [number, number]): string {
  return den === 1 ? `${num} fps` : `${(num / den).toFixed(3).replace(/0+$/, '')} fps`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
