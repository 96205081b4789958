/** Picks the subtitle parser for a file's extension (and content: a .srt that starts with WEBVTT is read as WebVTT). Pure. */
import { DarkroomError } from '../errors.ts';
import { unnamedSource, type Cue } from './cue.ts';
import { parseSrt } from './parse-srt.ts';
import { parseTimestampedText } from './parse-timestamped.ts';
import { parseVtt } from './parse-vtt.ts';

export type { Cue, Word } from './cue.ts';
export { parseSrt } from './parse-srt.ts';
export { parseVtt } from './parse-vtt.ts';
export { parseTimestampedText, isTimestampedText } from './parse-timestamped.ts';

/** Extensions {@link parseSubtitles} reads, lower case with the dot. */
export const subtitleExtensions = ['.srt', '.vtt', '.txt'] as const;

/**
 * Parses subtitle or transcript text by extension: `.srt` (SubRip), `.vtt` (WebVTT), `.txt` (timestamped
 * lines). `ext` may be given with or without the dot, in any case.
 * @param source the file name, for error messages.
 * @throws DarkroomError UNSUPPORTED_FILE for another extension; EXTRACT_FAILED for unreadable content.
 */
export function parseSubtitles(text: string, ext: string, source: string = unnamedSource): Cue[] {
  const e = (ext.startsWith('.') ? ext : '.' + ext).toLowerCase();
  const looksVtt = /^\uFEFF?WEBVTT(?:$|[ \t\r\n])/.test(text);
  if (e === '.vtt' || (e === '.srt' && looksVtt)) return parseVtt(text, source);
  if (e === '.srt') return parseSrt(text, source);
  if (e === '.txt') return parseTimestampedText(text, source);
  throw new DarkroomError('UNSUPPORTED_FILE', `${source}: "${ext}" is not a subtitle format Darkroom reads. Use .srt, .vtt or a timestamped .txt.`);
}
