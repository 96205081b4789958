/**
 * The timeline frame rates exports accept, by name: 23.976, 24, 25, 29.97 (29.97df / 29.97ndf), 30, 50,
 * 59.94 (59.94df / 59.94ndf), 60. A bare 29.97 or 59.94 takes its counting (drop-frame or not) from `dropFrameHint`.
 */
import { DarkroomError } from '../../core/errors.ts';
import { frameRateFrom, type FrameRate } from '../../core/timecode.ts';

/** Rate names accepted by `--fps` and `?fps=`. */
export const exportRateNames = ['23.976', '24', '25', '29.97', '29.97df', '29.97ndf', '30', '50', '59.94', '59.94df', '59.94ndf', '60'] as const;

/**
 * Parses a timeline rate name.
 * @param dropFrameHint counting for a bare 29.97 / 59.94 (default false: non-drop-frame).
 * @throws DarkroomError INPUT_INVALID naming the accepted rates.
 */
export function parseExportRate(name: string, dropFrameHint = false): FrameRate {
  const value = name.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^(23\.976|24|25|29\.97|30|50|59\.94|60)(df|ndf)?$/.exec(value);
  if (!m || (m[2] !== undefined && !['29.97', '59.94'].includes(m[1] ?? ''))) {
    throw new DarkroomError('INPUT_INVALID', `"${name}" is not a timeline frame rate Darkroom exports. Use one of ${exportRateNames.join(', ')}.`);
  }
  const dropFrame = m[2] === 'df' ? true : m[2] === 'ndf' ? false : ['29.97', '59.94'].includes(m[1] ?? '') && dropFrameHint;
  return frameRateFrom(Number(m[1]), dropFrame);
}

/** The short name of a rate, e.g. "25", "29.97df", "23.976". */
export function formatExportRate(rate: FrameRate): string {
  const [num, den] = rate.rational;
  const base = den === 1 ? String(num) : (num / den).toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  const name = base === '29.970' ? '29.97' : base;
  if (den === 1001 && (num === 30000 || num === 60000)) return `${name}${rate.dropFrame ? 'df' : 'ndf'}`;
  return name;
}

/** True when two rates count the same frames the same way. */
export function sameRate(a: FrameRate, b: FrameRate): boolean {
  return a.rational[0] * b.rational[1] === b.rational[0] * a.rational[1] && a.dropFrame === b.dropFrame;
}
