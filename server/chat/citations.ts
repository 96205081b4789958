/**
 * Reads the citations out of a model's answer and checks them against the passages it was given.
 * Pure and tolerant: model output is untrusted text, so junk, unbalanced brackets and invented numbers
 * never throw; invented numbers are dropped and reported.
 */
import { quoteMoment, timecodeFromHit } from '../../core/moments/moment.ts';
import type { Citation, CitedQuote } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';

/** Widest [n-m] range expanded number by number; wider ones only report their out-of-range ends. */
const MAX_RANGE = 50;
/** Characters after a quotation within which the citation that follows is taken as its source. */
const QUOTE_REACH = 160;

/** A citation group such as [2], [1, 3], [2-4], [passage 5]; whitespace and en/em dashes tolerated. */
const groupPattern = /\[\s*(?:(?:passages?|sources?|p\.?)\s*)?(\d{1,9}(?:\s*(?:[-–—,;&]|and)\s*\d{1,9})*)\s*\]/gi;
/** Quotations: "…", “…”, „…“, « … ». */
const quotePattern = /"([^"\n]{1,1000})"|“([^”\n]{1,1000})”|„([^“”\n]{1,1000})[“”]|«([^»\n]{1,1000})»/g;

interface Group {
  start: number;
  end: number;
  numbers: number[];
}

/**
 * Finds the [n] citations in `answer` and maps them to `passages` (index 0 is [1]).
 * @returns the citations in number order, each with the quotations attributed to it and whether each
 *   quotation exists verbatim in the passage; `dropped`: numbers that point at no given passage.
 */
export function parseCitations(answer: string, passages: SearchHit[]): { citations: Citation[]; dropped: number[] } {
  const groups = findGroups(answer);
  const valid = (n: number) => n >= 1 && n <= passages.length;
  const cited = new Map<number, Citation>();
  const dropped = new Set<number>();
  for (const group of groups) {
    for (const n of group.numbers) {
      if (!valid(n)) dropped.add(n);
      else if (!cited.has(n)) cited.set(n, citeHit(passages[n - 1] as SearchHit, n));
    }
  }
  for (const quote of findQuotes(answer)) {
    const group = groups.find((g) => g.start >= quote.end && g.start - quote.end <= QUOTE_REACH);
    if (!group || !isBefore(answer, quote.end, group.start)) continue;
    const targets = group.numbers.filter(valid);
    if (targets.length === 0) continue;
    const holder = targets.find((n) => containsQuote(passages[n - 1]?.text ?? '', quote.text)) ?? targets[0];
    const citation = holder === undefined ? undefined : cited.get(holder);
    const hit = holder === undefined ? undefined : passages[holder - 1];
    if (!citation || !hit) continue;
    citation.quotes.push(citeQuote(hit, quote.text, containsQuote(citation.text, quote.text)));
  }
  return { citations: [...cited.values()].sort((a, b) => a.n - b.n), dropped: [...dropped] };
}

/**
 * Whether `quote` appears word for word in `passage`, after normalising whitespace, typographic quotes and
 * apostrophes, and the case of the quotation's first letter. An ellipsis (… or ...) inside the quotation
 * marks an omission: each piece must then appear, in order.
 */
export function containsQuote(passage: string, quote: string): boolean {
  const hay = normalise(passage);
  const pieces = normalise(quote.replace(groupPattern, ' '))
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((p) => p.replace(/^[\s.,;:!?'"-]+|[\s.,;:!?'"-]+$/g, ''))
    .filter((p) => p.length > 0);
  if (pieces.length === 0) return false;
  let from = 0;
  for (const piece of pieces) {
    let at = hay.indexOf(piece, from);
    if (at < 0) at = hay.indexOf(swapFirstCase(piece), from);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

function findGroups(answer: string): Group[] {
  const groups: Group[] = [];
  for (const m of answer.matchAll(groupPattern)) {
    const numbers: number[] = [];
    const body = m[1] ?? '';
    for (const part of body.split(/\s*(?:[,;&]|and)\s*/i)) {
      const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(part);
      if (range) numbers.push(...expandRange(Number(range[1]), Number(range[2])));
      else if (/^\d+$/.test(part)) numbers.push(Number(part));
    }
    groups.push({ start: m.index, end: m.index + m[0].length, numbers });
  }
  return groups;
}

function expandRange(a: number, b: number): number[] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi - lo + 1 > MAX_RANGE) return [lo, hi];
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

function findQuotes(answer: string): Array<{ text: string; end: number }> {
  const quotes: Array<{ text: string; end: number }> = [];
  for (const m of answer.matchAll(quotePattern)) {
    const text = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
    if (/[\p{L}\p{N}]/u.test(text)) quotes.push({ text, end: m.index + m[0].length });
  }
  return quotes;
}

/**
 * The citation belongs to the quotation: they are in the same sentence (no sentence ends between them
 * before more words) and no other quotation opens in between (it would own that citation).
 */
function isBefore(answer: string, from: number, to: number): boolean {
  const gap = answer.slice(from, to);
  return !/["“„«]/.test(gap) && !/[.!?]\s+\S/.test(gap) && !/\n\s*\n/.test(gap);
}

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟«»″]/g, '"')
    .replace(/\u00a0|\u202f/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function swapFirstCase(s: string): string {
  const first = s.charAt(0);
  const swapped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  return swapped + s.slice(1);
}

/**
 * A quotation of `hit` with its moment: where its words start and end (from the passage's word or cue times)
 * and the source timecode there (null without one). Only a verified quotation of a timed passage gets a
 * moment; the others keep just their text and verdict.
 */
export function citeQuote(hit: SearchHit, text: string, verified: boolean): CitedQuote {
  const moment = verified ? quoteMoment(hit.text, hit.cues ?? null, text) : null;
  if (!moment) return { text, verified };
  return { text, verified, start_s: moment.start_s, end_s: moment.end_s, tc: timecodeFromHit(hit, moment.start_s) };
}

/** The citation of a hit, numbered `n`, with the quotations attributed to it (checked by the caller). */
export function citeHit(hit: SearchHit, n: number, quotes: Citation['quotes'] = []): Citation {
  return {
    n,
    passage_id: hit.id,
    source_id: hit.source_id,
    path: hit.path,
    kind: hit.kind,
    title: hit.title,
    page: hit.page,
    char_start: hit.char_start,
    char_end: hit.char_end,
    start_s: hit.start_s,
    end_s: hit.end_s,
    tc_in: hit.tc_in,
    tc_out: hit.tc_out,
    match_s: hit.match_s ?? null,
    match_tc: hit.match_tc ?? null,
    fps: hit.fps,
    reel: hit.reel,
    speaker: hit.speaker,
    text: hit.text,
    quotes,
  };
}
