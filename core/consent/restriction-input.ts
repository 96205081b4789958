/**
 * What `darkroom restrict` is given, read and checked against the source (pure): a time range in source
 * timecode (10:04:00:00-10:06:30:00), clock time from the file's start (1:04-2:30.5) or seconds (64-150.5);
 * pages (3-5, or 4); a date (YYYY-MM-DD). Refusals name the media's span, its page count, the format.
 */
import path from 'node:path';
import { DarkroomError } from '../errors.ts';
import { timingOf } from '../search/enrich.ts';
import { formatTimecode, parseTimecode, secondsAt, secondsToFrames, type FrameRate } from '../timecode.ts';
import type { SourceRecord } from '../types.ts';

const TIMECODE = /^\d{1,2}:\d{2}:\d{2}[:;.]\d{2,3}$/;
const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/** A source's timing: frame rate and first timecode (media with video), else null. */
function timing(source: SourceRecord): { rate: FrameRate; startTc: string } | null {
  const t = source.media_json ? timingOf(source.media_json, source.id) : null;
  return t?.rate ? { rate: t.rate, startTc: t.startTc } : null;
}

/** The span a range must lie in (seconds): a media file's length; a transcript's first cue to its last. */
export interface TimeSpan {
  from: number;
  to: number;
}

/** A media file's span: from 0 to its length; null when its length is unknown. */
export function mediaSpan(source: SourceRecord): TimeSpan | null {
  return source.duration_s === null ? null : { from: 0, to: source.duration_s };
}

/** The source's span in words, for messages: its timecodes when it has some, else seconds. */
export function describeSpan(source: SourceRecord, span: TimeSpan | null): string {
  const t = timing(source);
  if (span === null) return `${path.basename(source.path)} (length unknown)`;
  if (!t) return `${path.basename(source.path)}, which runs from ${span.from.toFixed(1)} to ${span.to.toFixed(1)} s`;
  const first = parseTimecode(t.startTc, t.rate);
  return `${path.basename(source.path)}, which runs from ${formatTimecode(first + secondsToFrames(span.from, t.rate), t.rate)} to ${formatTimecode(first + secondsToFrames(span.to, t.rate), t.rate)}`;
}

/** Seconds of `at` from the start of the file: a timecode, a clock time or seconds. */
function secondsOf(at: string, source: SourceRecord, range: string): number {
  if (TIMECODE.test(at)) {
    const t = timing(source);
    if (!t) throw new DarkroomError('TIMECODE_INVALID', `${path.basename(source.path)} has no frame rate or timecode, so "${range}" cannot be read as timecodes. Give seconds (64-150) or minutes:seconds (1:04-2:30) from the start of the file.`);
    return secondsAt(t.startTc, at.replace('.', ':'), t.rate);
  }
  const clock = CLOCK.exec(at);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (SECONDS.test(at)) return Number(at);
  throw new DarkroomError('INPUT_INVALID', `"${range}" is not a range. Give source timecodes (10:04:00:00-10:06:30:00), minutes:seconds from the start (1:04-2:30) or seconds (64-150).`);
}

/** A time range off the record, in seconds from the start of the file, checked against the source's span. */
export function parseTimeRange(range: string, source: SourceRecord, span: TimeSpan | null): { start_s: number; end_s: number } {
  if (span === null) {
    throw new DarkroomError('INPUT_INVALID', `${path.basename(source.path)} is a ${source.kind} without times: restrict pages of it (--pages 3-5), or the whole of it (--until <date>).`);
  }
  const parts = range.trim().split('-');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new DarkroomError('INPUT_INVALID', `"${range}" is not a range: give its start and end joined by "-", e.g. 10:04:00:00-10:06:30:00 or 64-150.`);
  const start_s = secondsOf(parts[0].trim(), source, range);
  const end_s = secondsOf(parts[1].trim(), source, range);
  if (end_s <= start_s) throw new DarkroomError('INPUT_INVALID', `The range ${range} ends before it starts. Give the earlier time first: it must lie inside ${describeSpan(source, span)}.`);
  // A range may end on the last frame: allow the rounding of one frame at 24 fps.
  if (start_s < span.from - 0.05 || end_s > span.to + 0.05) throw new DarkroomError('INPUT_INVALID', `The range ${range} is not inside ${describeSpan(source, span)}. Give a range inside it.`);
  return { start_s: Math.max(start_s, span.from), end_s: Math.min(end_s, span.to) };
}

/** Pages off the record (1-based, inclusive), checked against the document's page count. */
export function parsePages(pages: string, source: SourceRecord): { first_page: number; last_page: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(pages.trim());
  if (!m) throw new DarkroomError('INPUT_INVALID', `"${pages}" is not a page range. Give pages like 3-5, or one page like 4.`);
  const first = Number(m[1]);
  const last = Number(m[2] ?? m[1]);
  if (source.pages === null) throw new DarkroomError('INPUT_INVALID', `${path.basename(source.path)} has no pages (it is a ${source.kind}): restrict a time range of it (--off-record), or the whole of it (--until <date>).`);
  if (first < 1 || last < first || last > source.pages) throw new DarkroomError('INPUT_INVALID', `Pages ${pages} are not inside ${path.basename(source.path)}, which has pages 1 to ${source.pages}. Give the first page first, within them.`);
  return { first_page: first, last_page: last };
}

/** An embargo's end date (YYYY-MM-DD, a real day, after today). */
export function parseUntil(date: string, today: string): string {
  const d = date.trim();
  const day = new Date(`${d}T00:00:00Z`);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
  if (!valid) throw new DarkroomError('INPUT_INVALID', `"${date}" is not a date. Give the day the embargo ends as YYYY-MM-DD, e.g. 2027-06-01.`);
  if (d <= today) throw new DarkroomError('INPUT_INVALID', `${d} is not after today (${today}, UTC): an embargo ending then would lapse at once. Give a later date, or leave --until out for a restriction until cleared.`);
  return d;
}

/** A restriction's range for display: timecodes when the source has them, else seconds. */
export function formatRange(source: SourceRecord | null, start_s: number, end_s: number): string {
  const t = source ? timing(source) : null;
  if (!t) return `${start_s.toFixed(1)}-${end_s.toFixed(1)} s`;
  return `${timecodeOf(t, start_s)}-${timecodeOf(t, end_s)}`;
}

function timecodeOf(t: { rate: FrameRate; startTc: string }, seconds: number): string {
  return formatTimecode(parseTimecode(t.startTc, t.rate) + secondsToFrames(seconds, t.rate), t.rate);
}
