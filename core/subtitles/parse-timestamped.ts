/**
 * Timestamped transcripts in plain text: lines such as `[00:12:03] Name: text`, `[12:03] text` or
 * `00:12:03 Name: text`. A cue ends where the next begins. Pure.
 */
import { DarkroomError } from '../errors.ts';
import { assertTextual, parseClockTime, splitSpeakerLine, unnamedSource, type Cue } from './cue.ts';

const stamped = /^\s*[[(]?((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s*[-–—]\s*|\s+)(\S.*)$/;

/** Words per second of speech, used only to estimate the end of the last cue (it has no next start). */
export const SPEECH_WORDS_PER_S = 2.5;

/** True when `line` starts with a timestamp this parser reads. */
export function isTimestampedLine(line: string): boolean {
  const m = stamped.exec(line);
  return m !== null && parseClockTime(m[1] ?? '') !== null;
}

/**
 * True when most non-empty lines (more than half, and at least two) start with a timestamp: the test the
 * text extractor uses to treat a .txt as a transcript.
 */
export function isTimestampedText(text: string): boolean {
  const lines = text.split(/\r\n?|\n/).filter((l) => l.trim() !== '');
  const hits = lines.filter(isTimestampedLine).length;
  return hits >= 2 && hits > lines.length / 2;
}

/**
 * Parses a timestamped transcript. Lines without a timestamp continue the previous cue (lines before the
 * first timestamp, such as a title, are left out). Each cue ends at the next cue's start; the last one at
 * its start plus its words read at {@link SPEECH_WORDS_PER_S} (at least one second).
 * @param source the file name, for error messages.
 * @throws DarkroomError EXTRACT_FAILED when the text is binary or holds no timestamped line.
 */
export function parseTimestampedText(text: string, source: string = unnamedSource): Cue[] {
  assertTextual(text, source, 'a timestamped transcript');
  const open: Array<{ start_s: number; speaker?: string; text: string }> = [];
  for (const line of text.split(/\r\n?|\n/)) {
    if (line.trim() === '') continue;
    const m = stamped.exec(line);
    const start = m ? parseClockTime(m[1] ?? '') : null;
    if (m && start !== null) {
      const { speaker, text: said } = splitSpeakerLine(m[2] ?? '');
      open.push(speaker ? { start_s: start, speaker, text: said } : { start_s: start, text: said });
    } else {
      const last = open[open.length - 1];
      if (last) last.text += ' ' + line.trim();
    }
  }
  if (open.length === 0) {
    throw new DarkroomError(
      'EXTRACT_FAILED',
      `${source} holds no timestamped line (expected lines like "[00:12:03] Name: text"). Check the file, or ingest it as plain text.`,
    );
  }
  return open.map((cue, i) => {
    const next = open[i + 1];
    const words = cue.text.split(/\s+/).filter(Boolean).length;
    const end_s = next ? Math.max(cue.start_s, next.start_s) : cue.start_s + Math.max(1, words / SPEECH_WORDS_PER_S);
    return { ...cue, end_s };
  });
}
