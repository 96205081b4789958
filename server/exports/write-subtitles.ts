/**
 * SRT and WebVTT of the selected passages, timed on the record timeline: 00:00:00 is the timeline's first
 * frame (01:00:00:00), each cue runs from its passage's start to its end (handles excluded). SRT carries the
 * speaker as "Speaker: text", WebVTT as a `<v Speaker>` voice span.
 */
import { framesToSeconds } from '../../core/timecode.ts';
import { assertEventCount } from './write-edl.ts';
import type { ExportTimeline } from './types.ts';

/** Characters per subtitle line before wrapping (the common broadcast limit). */
export const SUBTITLE_LINE_CHARS = 42;

interface TimedCue {
  start_s: number;
  end_s: number;
  speaker: string | null;
  text: string;
}

/** The cues of a timeline, in seconds from its first frame. */
export function timelineCues(timeline: ExportTimeline): TimedCue[] {
  assertEventCount(timeline);
  return timeline.events.map((event) => {
    const at = event.recIn - timeline.startFrame + (event.clip.markIn - event.clip.inFrame);
    return {
      start_s: framesToSeconds(at, timeline.rate),
      end_s: framesToSeconds(at + event.clip.markOut - event.clip.markIn, timeline.rate),
      speaker: event.clip.speaker,
      text: event.clip.text.replace(/\s+/g, ' ').trim(),
    };
  });
}

export function writeSrt(timeline: ExportTimeline): string {
  return timelineCues(timeline)
    .map((cue, i) => {
      const text = wrap(srtSafe((cue.speaker ? `${cue.speaker}: ` : '') + cue.text));
      return `${i + 1}\n${clock(cue.start_s, ',')} --> ${clock(cue.end_s, ',')}\n${text}\n`;
    })
    .join('\n');
}

export function writeVtt(timeline: ExportTimeline): string {
  const cues = timelineCues(timeline).map((cue, i) => {
    const text = wrap(escapeVtt(cue.text.replace(/-->/g, '->')));
    const voice = cue.speaker ? `<v ${escapeVtt(cue.speaker).replace(/>/g, '')}>` : '';
    return `${i + 1}\n${clock(cue.start_s, '.')} --> ${clock(cue.end_s, '.')}\n${voice}${text}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}

/** hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (WebVTT), rounded to the millisecond. */
function clock(seconds: number, mark: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${mark}${pad(ms % 1000, 3)}`;
}

/**
 * SRT has no escapes and its readers take `<...>` as markup (`<i>`): angle brackets become ‹ ›, and an
 * arrow that would read as a timing line becomes ->.
 */
export function srtSafe(text: string): string {
  return text.replace(/-->/g, '->').replace(/</g, '‹').replace(/>/g, '›');
}

function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Breaks text into lines of at most SUBTITLE_LINE_CHARS at word boundaries. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > SUBTITLE_LINE_CHARS) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
