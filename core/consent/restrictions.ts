/**
 * Restrictions of a source (docs/consent.md): time ranges off the record, pages off the record, and
 * embargoes (the whole source, or a range or pages, until a date). Pure: what is active on a day, whether a
 * span overlaps one, and how a passage is cut at a restricted range's edge. The store is restriction-store.ts;
 * the readers ask restriction-gate.ts.
 */

/** One restriction as stored in the state store's `restrictions` table. */
export interface Restriction {
  id: number;
  source_id: string;
  corpus: string;
  /** Seconds from the start of the file; both null when the restriction is not a time range. */
  start_s: number | null;
  end_s: number | null;
  /** Pages (1-based, inclusive); both null when the restriction is not a page range. */
  first_page: number | null;
  last_page: number | null;
  /** ISO date (YYYY-MM-DD): the restriction lapses at the start of that day (UTC). Null: until cleared. */
  until: string | null;
  created_at: string;
}

/** What a restriction covers. */
export type RestrictionKind = 'range' | 'pages' | 'source';

/** A passage as the readers hold it: enough to decide and to cut. */
export interface GatedPassage {
  source_id: string;
  page?: number | null;
  start_s?: number | null;
  end_s?: number | null;
  text: string;
  /** The passage's cues (core/moments/passage-cues.ts) when timed: the cut keeps whole cues outside the range. */
  cues_json?: unknown;
}

/** The kind of a restriction: a time range, pages, or the whole source (an embargo without range). */
export function restrictionKind(r: Pick<Restriction, 'start_s' | 'first_page'>): RestrictionKind {
  if (r.start_s !== null) return 'range';
  if (r.first_page !== null) return 'pages';
  return 'source';
}

/** Today's date in UTC, YYYY-MM-DD: the day an embargo is compared with. */
export function utcDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a restriction holds on `day` (YYYY-MM-DD): no end date, or a later one. */
export function isActive(r: Pick<Restriction, 'until'>, day: string): boolean {
  return r.until === null || r.until > day;
}

/** Whether the span [start, end] (seconds) overlaps the restriction's range. A span that only touches its edge does not. */
export function overlapsRange(r: Pick<Restriction, 'start_s' | 'end_s'>, start: number, end: number): boolean {
  if (r.start_s === null || r.end_s === null) return false;
  return start < r.end_s && end > r.start_s;
}

interface StoredCue {
  s: number;
  e: number;
  at: number;
  w?: Array<[number, number, number]>;
}

/**
 * A passage with what the restrictions of its source take out: null when nothing is left (the whole source,
 * its page, or all of it inside a range), the passage itself when untouched, or a copy cut at the range's edges.
 * Only whole cues outside every range are kept (a cue that straddles an edge goes too); a passage that overlaps
 * a range and has no cue times is dropped whole, since its words cannot be placed in time.
 */
export function cutPassage<P extends GatedPassage>(passage: P, restrictions: readonly Restriction[]): P | null {
  const own = restrictions.filter((r) => r.source_id === passage.source_id);
  if (own.length === 0) return passage;
  if (own.some((r) => restrictionKind(r) === 'source')) return null;
  const page = passage.page ?? null;
  if (page !== null && own.some((r) => r.first_page !== null && r.last_page !== null && page >= r.first_page && page <= r.last_page)) return null;
  const ranges = own.filter((r) => restrictionKind(r) === 'range');
  if (ranges.length === 0 || passage.start_s === null || passage.start_s === undefined) return passage;
  const start = passage.start_s;
  const end = passage.end_s ?? start;
  if (!ranges.some((r) => overlapsRange(r, start, end) || (start === end && r.start_s !== null && r.end_s !== null && start >= r.start_s && start < r.end_s))) return passage;
  const cues = readCues(passage.cues_json);
  if (!cues) return null;
  const kept: StoredCue[] = [];
  const parts: string[] = [];
  let length = 0;
  let lastKept = -2;
  cues.forEach((cue, i) => {
    if (ranges.some((r) => overlapsRange(r, cue.s, cue.e))) return;
    const text = passage.text.slice(cue.at, cues[i + 1]?.at ?? passage.text.length).trim();
    if (!text) return;
    // Words on either side of a cut range are not one sentence: an ellipsis says something was left out.
    const separator = parts.length === 0 ? '' : lastKept === i - 1 ? ' ' : ' … ';
    lastKept = i;
    const at = length + separator.length;
    parts.push(separator + text);
    length = at + text.length;
    kept.push({ ...cue, at, ...(cue.w ? { w: cue.w.map(([s, e, w]) => [s, e, w - cue.at + at] as [number, number, number]) } : {}) });
  });
  const first = kept[0];
  const last = kept.at(-1);
  if (!first || !last) return null;
  return { ...passage, text: parts.join(''), start_s: first.s, end_s: last.e, cues_json: JSON.stringify(kept) };
}

function readCues(json: unknown): StoredCue[] | null {
  if (typeof json !== 'string' || json === '') return null;
  try {
    const cues = JSON.parse(json) as unknown;
    if (!Array.isArray(cues) || cues.length === 0) return null;
    return (cues as StoredCue[]).every((c) => c && typeof c.s === 'number' && typeof c.e === 'number' && typeof c.at === 'number') ? (cues as StoredCue[]) : null;
  } catch {
    return null;
  }
}
