/**
 * FCPXML time values: a whole number of frames written as a reduced rational number of seconds,
 * `"<n>/<d>s"` or `"<n>s"` (e.g. 3 frames at 30000/1001 = "1001/10000s"). Exact by construction: every
 * value is on a frame boundary. Pure.
 */
import type { FrameRate } from '../../core/timecode.ts';

/** `frames` at `rate` as an FCPXML time string. */
export function toRationalTime(frames: number, rate: FrameRate): string {
  if (!Number.isInteger(frames)) throw new RangeError(`toRationalTime needs whole frames, got ${frames}`);
  const [num, den] = rate.rational;
  return formatRational(frames * den, num);
}

/** One frame's duration (`frameDuration`), e.g. "1/25s", "1001/30000s". */
export function frameDuration(rate: FrameRate): string {
  return formatRational(rate.rational[1], rate.rational[0]);
}

/** Parses "n/ds" or "ns" into [numerator, denominator]. Returns null for anything else. */
export function parseRationalTime(value: string): [number, number] | null {
  const m = /^(-?\d+)(?:\/(\d+))?s$/.exec(value);
  if (!m) return null;
  return [Number(m[1]), m[2] === undefined ? 1 : Number(m[2])];
}

function formatRational(numerator: number, denominator: number): string {
  if (numerator === 0) return '0s';
  const g = gcd(Math.abs(numerator), denominator);
  const n = numerator / g;
  const d = denominator / g;
  return d === 1 ? `${n}s` : `${n}/${d}s`;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
