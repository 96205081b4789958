/**
 * The times inside a passage: every cue it holds (and every word, when the transcript has word times), each
 * with the character offset where it starts in the passage text. Stored as the `cues_json` column of the
 * passages table, compact: `[{ "s": 10.787, "e": 14.752, "at": 0, "w": [[10.787, 11.1, 0], …] }]`
 * (start seconds, end seconds, character offset; `w` only when words are timed). Pure.
 */

/** One timed word inside a passage: start and end seconds, and its character offset in the passage text. */
export type PassageWord = [start_s: number, end_s: number, at: number];

/** One cue inside a passage. */
export interface PassageCue {
  start_s: number;
  end_s: number;
  /** Character offset in the passage text where the cue's text starts. */
  at: number;
  /** The cue's timed words, in order, when the transcript has word times. */
  words?: PassageWord[];
}

interface StoredCue {
  s: number;
  e: number;
  at: number;
  w?: PassageWord[];
}

const ms = (n: number) => Math.round(n * 1000) / 1000;

/** The `cues_json` value of a passage: null when it has no timed cue. */
export function encodePassageCues(cues: readonly PassageCue[] | null | undefined): string | null {
  if (!cues || cues.length === 0) return null;
  const stored: StoredCue[] = cues.map((c) => ({
    s: ms(c.start_s),
    e: ms(c.end_s),
    at: c.at,
    ...(c.words && c.words.length > 0 ? { w: c.words.map(([s, e, at]) => [ms(s), ms(e), at] as PassageWord) } : {}),
  }));
  return JSON.stringify(stored);
}

/** Reads a `cues_json` value; null when absent or unreadable (an archive written before the column existed). */
export function decodePassageCues(json: unknown): PassageCue[] | null {
  if (typeof json !== 'string' || json === '') return null;
  try {
    const stored = JSON.parse(json) as unknown;
    if (!Array.isArray(stored)) return null;
    const cues: PassageCue[] = [];
    for (const c of stored as StoredCue[]) {
      if (!c || typeof c.s !== 'number' || typeof c.e !== 'number' || typeof c.at !== 'number') continue;
      const cue: PassageCue = { start_s: c.s, end_s: c.e, at: c.at };
      if (Array.isArray(c.w) && c.w.length > 0) cue.words = c.w.filter((w) => Array.isArray(w) && w.length === 3 && w.every((n) => typeof n === 'number'));
      cues.push(cue);
    }
    return cues.length > 0 ? cues : null;
  } catch {
    return null;
  }
}

/**
 * Character offsets of `words` in `text`, searched in order (a word not found where expected gets the
 * offset reached so far, so offsets never go backwards).
 */
export function wordOffsets(text: string, words: ReadonlyArray<{ text: string }>): number[] {
  const lower = text.toLowerCase();
  const out: number[] = [];
  let cursor = 0;
  for (const w of words) {
    const needle = w.text.trim().toLowerCase();
    const at = needle ? lower.indexOf(needle, cursor) : -1;
    if (at >= 0 && at - cursor <= 40 + needle.length) {
      out.push(at);
      cursor = at + needle.length;
    } else {
      out.push(Math.min(cursor, Math.max(0, text.length - 1)));
    }
  }
  return out;
}
