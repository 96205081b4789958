/**
 * Chunking: turns an extractor's segments into passages, respecting structure.
 * - Never across a page (a passage has one page), a source, or a heading change (a new letter).
 * - Prose: consecutive paragraphs packed up to `targetChars`; a paragraph longer than `maxChars` is cut at
 *   sentence ends into pieces of about `targetChars`; the previous passage's last sentence(s) are repeated at
 *   the start of the next, up to `overlapChars`.
 * - Cues: consecutive cues of one speaker grouped up to `targetChars`, keeping the first cue's start and
 *   the last cue's end as exact times, and the time and place in the text of every cue (and word) inside;
 *   no overlap (times must stay exact).
 * - A heading (a letter's date line) stays attached to every passage after it.
 * Pure: no I/O.
 */
import { wordOffsets, type PassageCue } from '../../core/moments/passage-cues.ts';
import type { Extracted, Segment } from '../extract/types.ts';

export interface ChunkOptions {
  /** Characters a passage aims for. */
  targetChars: number;
  /** Hard ceiling for one passage (a longer paragraph or cue is cut at sentence ends). */
  maxChars: number;
  /** Characters of the previous prose passage repeated at the start of the next (0: none). */
  overlapChars: number;
  /**
   * Longest stretch of timed speech one passage covers, in seconds (default 30): a cited timecode then
   * lands within seconds of the words, not a minute before them.
   */
  maxSpanS?: number;
  /** A silence longer than this (seconds, default 2) between two cues starts a new passage. */
  maxGapS?: number;
}

/** Defaults for timed cues (see ChunkOptions). */
export const defaultMaxSpanS = 30;
export const defaultMaxGapS = 2;

/** Defaults measured on the sample archive (docs/ingest.md, `npm run bench:chunking`). */
export const defaultChunkOptions: ChunkOptions = { targetChars: 900, maxChars: 1600, overlapChars: 150 };

/** Validates chunk sizes from flags; returns a complete set (missing values from the defaults, maxChars at least the target). */
export function resolveChunkOptions(partial: Partial<ChunkOptions>): ChunkOptions {
  const targetChars = partial.targetChars ?? defaultChunkOptions.targetChars;
  const overlapChars = partial.overlapChars ?? Math.min(defaultChunkOptions.overlapChars, Math.floor(targetChars / 4));
  const maxChars = partial.maxChars ?? Math.max(defaultChunkOptions.maxChars, Math.ceil(targetChars * 1.75));
  return { targetChars, maxChars, overlapChars };
}

export interface Chunk {
  text: string;
  page: number | null;
  char_start: number | null;
  char_end: number | null;
  start_s: number | null;
  end_s: number | null;
  speaker: string | null;
  heading: string | null;
  /** Timed cues inside the passage (with their words when timed), each at its offset in `text`; null for prose. */
  cues?: PassageCue[] | null;
}

export function chunkExtracted(doc: Extracted, options: ChunkOptions = defaultChunkOptions): Chunk[] {
  return doc.structure === 'cues' ? chunkCues(doc.segments, options) : chunkProse(doc.segments, options);
}

function chunkCues(segments: Segment[], o: ChunkOptions): Chunk[] {
  const out: Chunk[] = [];
  let cur: Chunk | null = null;
  let heading: string | null = null;
  for (const seg of segments) {
    const headingChanged = seg.heading !== undefined && seg.heading !== heading;
    if (seg.heading !== undefined) heading = seg.heading;
    const text = seg.text.trim();
    if (!text) continue;
    const speaker = seg.speaker ?? null;
    const fits =
      cur !== null &&
      !headingChanged &&
      cur.speaker === speaker &&
      cur.page === (seg.page ?? null) &&
      cur.text.length + 1 + text.length <= o.targetChars &&
      withinTime(cur, seg, o);
    if (cur && fits) {
      const at = cur.text.length + 1;
      cur.text += ' ' + text;
      cur.end_s = seg.end_s ?? cur.end_s;
      cur.char_end = seg.char_end ?? cur.char_end;
      const cue = cueOf(seg, text, at, 0, text.length);
      if (cue) (cur.cues ??= []).push(cue);
      continue;
    }
    if (cur) out.push(cur);
    cur = null;
    const pieces = text.length > o.maxChars ? splitAtSentences({ text, char_start: 0 }, o.targetChars) : [{ text, char_start: 0, char_end: text.length }];
    for (const piece of pieces) {
      const cue = cueOf(seg, text, 0, piece.char_start ?? 0, piece.char_end ?? text.length);
      cur = {
        text: piece.text,
        page: seg.page ?? null,
        char_start: pieces.length === 1 ? (seg.char_start ?? null) : null,
        char_end: pieces.length === 1 ? (seg.char_end ?? null) : null,
        start_s: cue?.start_s ?? seg.start_s ?? null,
        end_s: cue?.end_s ?? seg.end_s ?? null,
        speaker,
        heading,
        cues: cue ? [cue] : null,
      };
      if (pieces.length > 1) {
        out.push(cur);
        cur = null;
      }
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * The passage cue of a timed segment whose text (`text`, trimmed) occupies `[from, to)` of the segment and
 * starts at offset `at` of the passage. With word times, only the words in that range are kept and the cue's
 * times are theirs (a long cue cut in pieces gets each piece's own start). Null for an untimed segment.
 */
function cueOf(seg: Segment, text: string, at: number, from: number, to: number): PassageCue | null {
  if (seg.start_s === undefined) return null;
  const cue: PassageCue = { start_s: seg.start_s, end_s: seg.end_s ?? seg.start_s, at };
  if (seg.words && seg.words.length > 0) {
    const offsets = wordOffsets(text, seg.words);
    const words = seg.words.flatMap((w, i) => {
      const o = offsets[i] ?? 0;
      return o >= from && o < to ? [[w.start_s, w.end_s, at + o - from] as [number, number, number]] : [];
    });
    if (words.length > 0) {
      cue.words = words;
      if (from > 0 || to < text.length) {
        cue.start_s = words[0]?.[0] ?? cue.start_s;
        cue.end_s = words.at(-1)?.[1] ?? cue.end_s;
      }
    }
  }
  return cue;
}

/** Whether a timed cue may join the passage: no long silence before it, and the passage stays short enough in time. */
function withinTime(cur: Chunk, seg: Segment, o: ChunkOptions): boolean {
  if (seg.start_s === undefined || cur.start_s === null) return true;
  const gap = cur.end_s === null ? 0 : seg.start_s - cur.end_s;
  const span = (seg.end_s ?? seg.start_s) - cur.start_s;
  return gap <= (o.maxGapS ?? defaultMaxGapS) && span <= (o.maxSpanS ?? defaultMaxSpanS);
}

function chunkProse(segments: Segment[], o: ChunkOptions): Chunk[] {
  const out: Chunk[] = [];
  let cur: Chunk | null = null;
  let heading: string | null = null;
  const flush = () => {
    if (cur) out.push(cur);
    cur = null;
  };
  for (const seg of segments) {
    const page = seg.page ?? null;
    const headingChanged = seg.heading !== undefined && seg.heading !== heading;
    if (seg.heading !== undefined) heading = seg.heading;
    if (cur !== null && ((cur as Chunk).page !== page || headingChanged)) flush();
    const pieces = seg.text.length > o.maxChars ? splitAtSentences(seg, o.targetChars) : [{ text: seg.text, char_start: seg.char_start, char_end: seg.char_end }];
    for (const piece of pieces) {
      const c = cur as Chunk | null;
      if (c && c.text.length + 2 + piece.text.length <= o.targetChars) {
        c.text += '\n\n' + piece.text;
        c.char_end = piece.char_end ?? c.char_end;
        continue;
      }
      const overlap = c && o.overlapChars > 0 ? tailSentences(c.text, o.overlapChars) : '';
      flush();
      cur = {
        text: overlap ? overlap + ' ' + piece.text : piece.text,
        page,
        char_start: piece.char_start ?? null,
        char_end: piece.char_end ?? null,
        start_s: seg.start_s ?? null,
        end_s: seg.end_s ?? null,
        speaker: seg.speaker ?? null,
        heading,
      };
    }
  }
  flush();
  return out;
}

/** Sentence boundaries: end punctuation followed by white space. */
const sentenceEnd = /(?<=[.!?…»"”])\s+/g;

/**
 * Cuts a long text into pieces of at most `size` characters, at the last sentence end past a third of the
 * window (else the last space, else hard), keeping character spans when the segment has them.
 */
function splitAtSentences(seg: { text: string; char_start?: number | undefined }, size: number): Array<{ text: string; char_start?: number; char_end?: number }> {
  const text = seg.text;
  const base = seg.char_start ?? null;
  const out: Array<{ text: string; char_start?: number; char_end?: number }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const window = text.slice(start, end);
      let cut = -1;
      for (const m of window.matchAll(sentenceEnd)) if ((m.index ?? 0) > size / 3) cut = m.index ?? -1;
      if (cut < 0) cut = window.lastIndexOf(' ') > size / 3 ? window.lastIndexOf(' ') : -1;
      if (cut > 0) end = start + cut;
    }
    const raw = text.slice(start, end);
    const piece = raw.trim();
    if (piece) {
      const s = start + raw.length - raw.trimStart().length;
      out.push(base === null ? { text: piece } : { text: piece, char_start: base + s, char_end: base + s + piece.length });
    }
    start = end;
  }
  return out;
}

/** The last whole sentences of `text` that fit in `max` characters ('' if none fits, or if that is all of it). */
function tailSentences(text: string, max: number): string {
  const sentences = text.split(sentenceEnd);
  let tail = '';
  for (let i = sentences.length - 1; i >= 0; i--) {
    const s = sentences[i] ?? '';
    const next = tail ? s + ' ' + tail : s;
    if (next.length > max) break;
    tail = next;
  }
  return tail === text ? '' : tail;
}
