/**
 * The cue: one timed line of a subtitle file or transcript, and the small pure helpers the parsers share
 * (clock times, markup, "Speaker: text" lines, a check that the text is text at all).
 */
import { DarkroomError } from '../errors.ts';

/** One timed word of a cue, when the transcriber gives word times (seconds, same clock as the cue). */
export interface Word {
  start_s: number;
  end_s: number;
  text: string;
}

/** One timed line of speech. Times are seconds from the start of the media (or mission clock: hours may exceed 24). */
export interface Cue {
  start_s: number;
  end_s: number;
  speaker?: string;
  text: string;
  /** The cue's words with their own times, in order, when the transcript has them. */
  words?: Word[];
}

/** Name used in error messages when the caller gives no file name. */
export const unnamedSource = 'the subtitle text';

const clock = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$/;

/**
 * Parses `hh:mm:ss.mmm`, `hh:mm:ss,mmm`, `mm:ss.mmm` or `hh:mm:ss` into seconds; hours may exceed 24
 * (mission elapsed time). Returns null when the string is not a clock time.
 */
export function parseClockTime(value: string): number | null {
  const m = clock.exec(value.trim());
  if (!m) return null;
  const [, h, min, s, frac] = m;
  const millis = frac ? Number(frac.padEnd(3, '0')) : 0;
  return Number(h ?? 0) * 3600 + Number(min) * 60 + Number(s) + millis / 1000;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', quot: '"', apos: "'", lrm: '', rlm: '' };

/** Removes subtitle markup (`<i>`, `<c.x>`, `<00:01.000>`, `{\an8}`), decodes the common entities, folds white space. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<[^>\n]*>/g, '')
    .replace(/\{\\[^}\n]*\}/g, '')
    .replace(/&(amp|lt|gt|nbsp|quot|apos|lrm|rlm);/g, (_, name: string) => entities[name] ?? '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/**
 * A speaker prefix: one to five words, each capitalised (or an all-caps call sign such as `CMP`), possibly
 * with initials, hyphens, apostrophes or a bracketed role, followed by a colon. "Note: the tape ends" does not
 * count when `note` is lower case-led elsewhere; time-like prefixes ("10:30") never count.
 */
const speakerPrefix = /^((?:(?:[A-Z\u00C0-\u00DE][\p{L}'’.-]*|Mc[\p{L}]+|de|du|van|von|la|le)\s?){1,5}(?:\([^)]{1,30}\))?)\s*:\s+(\S[\s\S]*)$/u;

/** Splits "Name: text" into speaker and text; returns the text unchanged when the line has no speaker prefix. */
export function splitSpeakerLine(line: string): { speaker?: string; text: string } {
  const m = speakerPrefix.exec(line.trim());
  if (!m) return { text: line.trim() };
  const speaker = (m[1] ?? '').trim();
  const text = (m[2] ?? '').trim();
  if (!speaker || speaker.length > 60 || /^(?:and|but|the|so)$/i.test(speaker)) return { text: line.trim() };
  return { speaker, text };
}

/**
 * Refuses text that is not text: NUL or control characters, or many U+FFFD replacement characters
 * (binary bytes decoded leniently). Names the source and the fix.
 * @throws DarkroomError EXTRACT_FAILED
 */
export function assertTextual(text: string, source: string, what: string): void {
  const sample = text.slice(0, 64 * 1024);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) bad = sample.length;
    else if ((c < 9 || (c > 13 && c < 32)) || c === 0xfffd) bad++;
  }
  if (bad > 0 && bad / Math.max(1, sample.length) > 0.01) {
    throw new DarkroomError(
      'EXTRACT_FAILED',
      `${source} does not look like ${what}: it holds binary bytes. Check that the file is really ${what} (not a renamed video or archive), or re-export it from the editing software.`,
    );
  }
}

/** Splits text into blocks separated by blank lines, with Windows and old Mac line endings normalised. */
export function splitBlocks(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0);
}

/**
 * The timing of a cue block: its `start --> end` line (the first or second line, after an optional cue
 * number or id) read with `timing`, and the text lines after it. Null when the block has no valid timing.
 */
export function readTimedBlock(lines: string[], timing: RegExp): { start: number; end: number; body: string } | null {
  const at = lines.findIndex((l) => timing.test(l));
  if (at < 0 || at > 1) return null;
  const m = timing.exec(lines[at] ?? '');
  const start = parseClockTime(m?.[1] ?? '');
  const end = parseClockTime(m?.[2] ?? '');
  if (start === null || end === null) return null;
  return { start, end: Math.max(start, end), body: lines.slice(at + 1).join('\n') };
}
