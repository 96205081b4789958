/**
 * The moment of a passage that a search or a quotation points at: the time its words are spoken, from the
 * passage's cues (and words, when timed; see passage-cues.ts). A search hit plays from the cue that best
 * matches the query; a quotation from the word (or cue) where it starts. Pure: no I/O.
 */
import { formatTimecode, frameRateFrom, isDropFrameTimecode, parseTimecode, secondsToFrames } from '../timecode.ts';
import type { PassageCue } from './passage-cues.ts';

/** A span of media time, in seconds from the start of the file. */
export interface MomentSpan {
  start_s: number;
  end_s: number;
}

const minorWords = new Set(
  (
    'the and for are but not you all any can had her was one our out has him his how its may new now see who did get let put say she too use ' +
    'what when where which while with this that these those from have been were they them then than there their about would could should ' +
    'les des une est pas que qui dans pour par sur avec son ses mes tes aux ces elle ils nous vous mais comme tout plus était sont'
  ).split(' '),
);

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** A crude English/French stem: enough for "potatoes" ~ "potato", "homesteading" ~ "homestead". */
function stemOf(word: string): string {
  const w = fold(word);
  for (const suffix of ['ements', 'ement', 'ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ers', 'es', 'ed', 'er', 'ly', 's', 'e']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

function sameTerm(a: string, b: string): boolean {
  return a === b || (a.length >= 5 && b.length >= 5 && (a.startsWith(b) || b.startsWith(a)));
}

/** The words of `text` with their character offsets. */
function wordsWithOffsets(text: string): Array<{ word: string; at: number }> {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ word: m[0], at: m.index }));
}

/** The query's words worth matching: three letters or more (or a number), minor words left out. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const { word } of wordsWithOffsets(query)) {
    const f = fold(word);
    if ((f.length < 3 && !/\d/.test(f)) || minorWords.has(f)) continue;
    terms.add(stemOf(word));
  }
  return [...terms];
}

/** The cue holding character `offset` of the passage text (the last cue starting at or before it). */
function cueAt(cues: readonly PassageCue[], offset: number): PassageCue | undefined {
  let found = cues[0];
  for (const cue of cues) if (cue.at <= offset) found = cue;
  return found;
}

/**
 * The time of the character at `offset` in the passage text: the word holding it when words are timed,
 * else its cue. Null when the passage has no cue.
 */
export function momentAt(cues: readonly PassageCue[] | null, offset: number): MomentSpan | null {
  if (!cues || cues.length === 0) return null;
  const cue = cueAt(cues, offset);
  if (!cue) return null;
  if (cue.words && cue.words.length > 0) {
    let word = cue.words[0];
    for (const w of cue.words) if (w[2] <= offset) word = w;
    if (word) return { start_s: word[0], end_s: word[1] };
  }
  return { start_s: cue.start_s, end_s: cue.end_s };
}

/**
 * Where the query's words are spoken in a passage: the cue holding the most query terms (the earliest on a
 * tie), from its first matching word when words are timed. Null when no query term occurs in the text or the
 * passage has no cue (the caller plays from the passage's start).
 */
export function matchMoment(text: string, cues: readonly PassageCue[] | null, query: string): number | null {
  if (!cues || cues.length === 0) return null;
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  const perCue = new Map<PassageCue, { terms: Set<string>; first: number }>();
  for (const { word, at } of wordsWithOffsets(text)) {
    const s = stemOf(word);
    const term = terms.find((t) => sameTerm(s, t));
    if (term === undefined) continue;
    const cue = cueAt(cues, at);
    if (!cue) continue;
    const entry = perCue.get(cue) ?? { terms: new Set<string>(), first: at };
    entry.terms.add(term);
    perCue.set(cue, entry);
  }
  let best: { cue: PassageCue; first: number; score: number } | null = null;
  for (const cue of cues) {
    const entry = perCue.get(cue);
    if (entry && (!best || entry.terms.size > best.score)) best = { cue, first: entry.first, score: entry.terms.size };
  }
  if (!best) return null;
  return momentAt([best.cue], best.first)?.start_s ?? best.cue.start_s;
}

/** Text folded for locating a quotation, with the offset in the original of every folded character. */
function foldWithOffsets(text: string): { folded: string; offsets: number[] } {
  let folded = '';
  const offsets: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    let c = text[i] ?? '';
    if (/\s/.test(c)) {
      space = folded.length > 0;
      continue;
    }
    if (space) {
      folded += ' ';
      offsets.push(i);
      space = false;
    }
    if (/[‘’‚‛′]/.test(c)) c = "'";
    else if (/[“”„‟«»″]/.test(c)) c = '"';
    const lower = c.toLowerCase();
    for (const ch of lower.length === 1 ? lower : c) {
      folded += ch;
      offsets.push(i);
    }
  }
  return { folded, offsets };
}

/**
 * The character span of a quotation in a passage (case, white space and typographic quotes aside; an
 * ellipsis inside the quotation marks an omission, and the span runs from the first piece to the last).
 * Null when the quotation is not in the passage.
 */
export function locateQuote(passage: string, quote: string): { start: number; end: number } | null {
  const { folded, offsets } = foldWithOffsets(passage);
  const pieces = foldWithOffsets(quote.replace(/\[[^\]]*\]/g, ' '))
    .folded.split(/\s*(?:…|\.\.\.)\s*/)
    .map((p) => p.replace(/^[\s.,;:!?'"-]+|[\s.,;:!?'"-]+$/g, ''))
    .filter((p) => p.length > 0);
  if (pieces.length === 0) return null;
  let from = 0;
  let start = -1;
  let end = -1;
  for (const piece of pieces) {
    const at = folded.indexOf(piece, from);
    if (at < 0) return null;
    if (start < 0) start = at;
    end = at + piece.length;
    from = end;
  }
  return { start: offsets[start] ?? 0, end: (offsets[end - 1] ?? passage.length - 1) + 1 };
}

/** The moment a quotation is spoken: from the word (or cue) where it starts to the one where it ends. Null when not located or untimed. */
export function quoteMoment(passage: string, cues: readonly PassageCue[] | null, quote: string): MomentSpan | null {
  if (!cues || cues.length === 0) return null;
  const span = locateQuote(passage, quote);
  if (!span) return null;
  const first = momentAt(cues, span.start);
  const last = momentAt(cues, Math.max(span.start, span.end - 1));
  if (!first || !last) return null;
  return { start_s: first.start_s, end_s: Math.max(first.start_s, last.end_s) };
}

/**
 * The source timecode at `seconds` into a file, from a hit's TC in (the frame at its `start_s`) and frame
 * rate; null when the hit has no timecode. Same arithmetic as the web UI's clock (web/src/format.ts).
 */
export function timecodeFromHit(hit: { tc_in: string | null; fps: number | null; start_s: number | null }, seconds: number): string | null {
  if (!hit.tc_in || !hit.fps || hit.start_s === null || !Number.isFinite(seconds)) return null;
  try {
    const rate = frameRateFrom(hit.fps, isDropFrameTimecode(hit.tc_in));
    const origin = parseTimecode(hit.tc_in, rate) - secondsToFrames(hit.start_s, rate);
    return formatTimecode(origin + secondsToFrames(Math.max(0, seconds), rate), rate);
  } catch {
    return null;
  }
}

/** Seconds played before a moment so the first word is not clipped (the web UI's default; a setting there). */
export const DEFAULT_PREROLL_S = 1;

/** Where playback of a moment starts: `preroll` seconds before it, never before the file's start. */
export function playbackStart(moment_s: number, preroll_s = DEFAULT_PREROLL_S): number {
  return Math.max(0, moment_s - Math.max(0, preroll_s));
}
