/**
 * Chunking: turns an extractor's segments into passages, respecting structure.
 * - Never across a page (a passage has one page) or a source.
 * - Prose: consecutive paragraphs packed up to `targetChars`; a paragraph longer than `maxChars` is cut at
 *   sentence ends; the previous passage's last sentence(s) are repeated up to `overlapChars`.
 * - Cues: consecutive cues of one speaker grouped up to `targetChars`, keeping the first cue's start and
 *   the last cue's end as exact times.
 * - A heading (a letter's date line) stays attached to every passage after it.
 * Pure: no I/O.
 */
import type { Extracted, Segment } from '../extract/types.ts';

export interface ChunkOptions {
  /** Characters a passage aims for. */
  targetChars: number;
  /** Hard ceiling for one passage. */
  maxChars: number;
  /** Characters of the previous prose passage repeated at the start of the next (0: none). */
  overlapChars: number;
}

export const defaultChunkOptions: ChunkOptions = { targetChars: 900, maxChars: 1600, overlapChars: 150 };

export interface Chunk {
  text: string;
  page: number | null;
  char_start: number | null;
  char_end: number | null;
  start_s: number | null;
  end_s: number | null;
  speaker: string | null;
  heading: string | null;
}

export function chunkExtracted(doc: Extracted, options: ChunkOptions = defaultChunkOptions): Chunk[] {
  return doc.structure === 'cues' ? chunkCues(doc.segments, options) : chunkProse(doc.segments, options);
}

function chunkCues(segments: Segment[], o: ChunkOptions): Chunk[] {
  const out: Chunk[] = [];
  let cur: Chunk | null = null;
  let heading: string | null = null;
  for (const seg of segments) {
    if (seg.heading !== undefined) heading = seg.heading;
    const text = seg.text.trim();
    if (!text) continue;
    const speaker = seg.speaker ?? null;
    const fits = cur !== null && cur.speaker === speaker && cur.page === (seg.page ?? null) && cur.text.length + 1 + text.length <= o.targetChars;
    if (cur && fits) {
      cur.text += ' ' + text;
      cur.end_s = seg.end_s ?? cur.end_s;
      cur.char_end = seg.char_end ?? cur.char_end;
      continue;
    }
    if (cur) out.push(cur);
    for (const piece of splitLong(text, o.maxChars)) {
      cur = {
        text: piece,
        page: seg.page ?? null,
        char_start: seg.char_start ?? null,
        char_end: seg.char_end ?? null,
        start_s: seg.start_s ?? null,
        end_s: seg.end_s ?? null,
        speaker,
        heading,
      };
      if (piece !== text) {
        out.push(cur);
        cur = null;
      }
    }
  }
  if (cur) out.push(cur);
  return out;
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
    if (seg.heading !== undefined) heading = seg.heading;
    const page = seg.page ?? null;
    if (cur !== null && (cur as Chunk).page !== page) flush();
    const pieces = splitLongWithSpans(seg, o.maxChars);
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

function splitLong(text: string, max: number): string[] {
  return splitLongWithSpans({ text, char_start: 0, char_end: text.length }, max).map((p) => p.text);
}

/** Cuts a segment longer than `max` at sentence ends (or spaces, or hard) keeping character spans. */
function splitLongWithSpans(seg: Segment, max: number): Array<{ text: string; char_start?: number; char_end?: number }> {
  const text = seg.text;
  if (text.length <= max) return [{ text, char_start: seg.char_start, char_end: seg.char_end }];
  const base = seg.char_start ?? null;
  const out: Array<{ text: string; char_start?: number; char_end?: number }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    if (end < text.length) {
      const window = text.slice(start, end);
      let cut = -1;
      for (const m of window.matchAll(sentenceEnd)) if ((m.index ?? 0) > max / 3) cut = m.index ?? -1;
      if (cut < 0) cut = window.lastIndexOf(' ') > max / 3 ? window.lastIndexOf(' ') : -1;
      if (cut > 0) end = start + cut;
    }
    const piece = text.slice(start, end).trim();
    if (piece) {
      const lead = text.slice(start, end).length - text.slice(start, end).trimStart().length;
      const s = start + lead;
      out.push(base === null ? { text: piece } : { text: piece, char_start: base + s, char_end: base + s + piece.length });
    }
    start = end;
  }
  return out;
}

/** The last whole sentences of `text` that fit in `max` characters ('' if none fits). */
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
