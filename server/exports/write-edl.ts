/**
 * CMX3600 EDL: one cut per select, source in/out in the file's own timecode, record in/out back to back
 * from 01:00:00:00. Column layout of an event line (1-based columns, as in the CMX3600 specification):
 *
 * ```
 * 1-3 event  6-13 reel  15-18 channel  21-24 transition  26-28 duration  30-40 src in  42-52 src out  54-64 rec in  66-76 rec out
 * 001  A001     AA/V  C        10:00:01:00 10:00:05:00 01:00:00:00 01:00:04:00
 * ```
 * Drop-frame timecodes use `;` before the frames. Timecodes do not wrap at midnight: a rush that crosses
 * 24:00:00:00 is cut as 23:59:58:00 → 24:00:03:00, never with its out point before its in point (which
 * OpenTimelineIO's CMX3600 reader rejects; it reads hours past 23 as a continuing count). Every clip must be
 * media: a transcript has no frames to cut. Comment lines after each event carry the clip name, the
 * source file and the speaker's words (`* COMMENT:`), which Premiere, Resolve and Avid show.
 */
import { DarkroomError } from '../../core/errors.ts';
import { formatTimecodeContinuous } from '../../core/timecode.ts';
import { assertAllMedia } from './assert-all-media.ts';
import { oneLine, toAscii } from './sanitize.ts';
import type { ExportTimeline, TimelineEvent } from './types.ts';

/** CMX3600 numbers events with three digits. */
export const EDL_MAX_EVENTS = 999;
/** Longest comment text kept on a `* COMMENT:` line. */
const COMMENT_MAX = 240;

export function writeEdl(timeline: ExportTimeline): string {
  assertEventCount(timeline);
  assertAllMedia(timeline, 'a CMX3600 EDL');
  const lines = edlHeader(timeline);
  for (const event of timeline.events) {
    lines.push(edlEventLine(timeline, event.n, event.reel, channelOf(event), [event.clip.inFrame, event.clip.outFrame], [event.recIn, event.recOut]));
    lines.push(`* FROM CLIP NAME: ${oneLine(event.clip.clipName, 250)}`);
    lines.push(`* SOURCE FILE: ${oneLine(event.clip.path, 1000)}`);
    const words = commentText(event);
    if (words) lines.push(`* COMMENT: ${words}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** `TITLE:`, `FCM:` and the blank line that opens a CMX3600 list. */
export function edlHeader(timeline: ExportTimeline): string[] {
  const title = oneLine(toAscii(timeline.title), 70) || 'DARKROOM SELECTS';
  return [`TITLE: ${title}`, `FCM: ${timeline.rate.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`, ''];
}

/** One fixed-column cut event line. */
export function edlEventLine(timeline: ExportTimeline, n: number, reel: string, channel: string, source: [number, number], record: [number, number]): string {
  const tc = (f: number) => formatTimecodeContinuous(f, timeline.rate);
  return `${String(n).padStart(3, '0')}  ${reel.padEnd(8)} ${channel.padEnd(4)}  C        ${tc(source[0])} ${tc(source[1])} ${tc(record[0])} ${tc(record[1])}`;
}

/** The throws for lists a CMX3600 EDL cannot hold. */
export function assertEventCount(timeline: ExportTimeline): void {
  if (timeline.events.length === 0) {
    throw new DarkroomError('INPUT_INVALID', `The select list "${timeline.title}" is empty. Add passages to it (search, then "add to selects") before exporting.`);
  }
  if (timeline.events.length > EDL_MAX_EVENTS) {
    throw new DarkroomError('INPUT_INVALID', `The select list has ${timeline.events.length} clips; a CMX3600 EDL holds at most ${EDL_MAX_EVENTS}. Split it, or export FCPXML.`);
  }
}

/** "SPEAKER: words", folded to one ASCII line. */
export function commentText(event: TimelineEvent): string {
  const speaker = event.clip.speaker ? `${event.clip.speaker.toUpperCase()}: ` : '';
  return oneLine(toAscii(speaker + event.clip.text), COMMENT_MAX);
}

function channelOf(event: TimelineEvent): string {
  if (event.clip.hasVideo && event.clip.hasAudio) return 'AA/V';
  return event.clip.hasVideo ? 'V' : 'AA';
}
