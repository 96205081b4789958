/**
 * Keeps a transcript's times inside its media, so that no citation ever points outside the recording. Pure.
 * - A cue that starts after the media ends (past a tolerance) means the transcript belongs to another file, or
 *   to another clock: the transcript is refused, naming the cue by its number and time and the media's length.
 * - A cue or word that ends past the media's end is clamped to it; a cue that starts before the one before it,
 *   or a word before the word before it (times going backwards), is moved up to it. Each kind of fix is counted
 *   in a warning.
 */
import { DarkroomError, type ErrorCode } from '../../core/errors.ts';
import type { Cue } from '../../core/subtitles/cue.ts';

/** Seconds a cue may start past the media's end before the transcript is refused (rounding, the last frame). */
export const PAST_END_TOLERANCE_S = 1;

export interface FitOptions {
  /** The media's length, seconds (null: unknown, only backward times are fixed). */
  duration_s: number | null;
  /** Names the transcript in messages ("clip.srt (the sidecar transcript)"). */
  source: string;
  /** EXTRACT_FAILED for a sidecar, TRANSCRIBE_FAILED for a transcriber's output. */
  code: ErrorCode;
}

export interface FittedCues {
  cues: Cue[];
  /** One sentence per kind of fix made, empty when the times were already sound. */
  warnings: string[];
}

/**
 * @throws DarkroomError (options.code) when a cue starts past the media's end by more than {@link PAST_END_TOLERANCE_S}.
 */
export function fitCueTimes(cues: Cue[], options: FitOptions): FittedCues {
  const end = options.duration_s;
  let clampedEnds = 0;
  let backwardCues = 0;
  let backwardWords = 0;
  let clampedWords = 0;
  let previousStart = 0;
  const fitted = cues.map((cue, i) => {
    if (end !== null && cue.start_s > end + PAST_END_TOLERANCE_S) {
      throw new DarkroomError(
        options.code,
        `${options.source}: cue ${i + 1} ("${cue.text.slice(0, 40)}") starts at ${cue.start_s.toFixed(3)} s, after the media ends (${end.toFixed(3)} s). The transcript belongs to another file or another clock: give the rush its own transcript, with times from the start of the file.`,
      );
    }
    let start = Math.min(cue.start_s, end ?? Infinity);
    if (start < previousStart) {
      start = previousStart;
      backwardCues++;
    }
    previousStart = start;
    let stop = Math.max(start, cue.end_s);
    if (end !== null && stop > end) {
      stop = end;
      clampedEnds++;
    }
    const out: Cue = { ...cue, start_s: start, end_s: stop };
    if (cue.words) {
      let previousWord = start;
      out.words = cue.words.map((w) => {
        let ws = w.start_s;
        let we = w.end_s;
        if (ws < previousWord) {
          ws = previousWord;
          backwardWords++;
        }
        if (end !== null && (ws > end || we > end)) {
          ws = Math.min(ws, end);
          we = Math.min(we, end);
          clampedWords++;
        }
        previousWord = ws;
        return { ...w, start_s: ws, end_s: Math.max(ws, we) };
      });
    }
    return out;
  });
  const warnings: string[] = [];
  const of = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (backwardCues) warnings.push(`${options.source}: ${of(backwardCues, 'cue')} started before the cue before ${backwardCues === 1 ? 'it' : 'them'} (times going backwards): moved up to it.`);
  if (backwardWords) warnings.push(`${options.source}: ${of(backwardWords, 'word')} started before the word before ${backwardWords === 1 ? 'it' : 'them'} or before ${backwardWords === 1 ? 'its' : 'their'} cue (times going backwards): moved up to it.`);
  if (clampedEnds || clampedWords) warnings.push(`${options.source}: ${of(clampedEnds + clampedWords, 'time')} ended after the media's end (${end?.toFixed(3)} s): clamped to it.`);
  return { cues: fitted, warnings };
}
