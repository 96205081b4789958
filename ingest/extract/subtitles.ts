/** SRT and WebVTT subtitle files: cues with exact times and speakers; the first NOTE line becomes the heading. */
import path from 'node:path';
import type { Cue } from '../../core/subtitles/cue.ts';
import { parseSubtitles } from '../../core/subtitles/parse-subtitles.ts';
import { readTextFile, titleFromPath } from './read-text.ts';
import type { Extracted, Segment } from './types.ts';

/** Longest heading taken from a NOTE (characters): it is repeated in every passage's search text. */
const MAX_NOTE_HEADING = 160;

/** Cue segments for the chunker; `heading` (an interview's description) goes on the first. */
export function cuesToSegments(cues: Cue[], heading: string | null): Segment[] {
  return cues.map((cue, i) => {
    const seg: Segment = { text: cue.text, start_s: cue.start_s, end_s: cue.end_s };
    if (cue.speaker) seg.speaker = cue.speaker;
    if (cue.words && cue.words.length > 0) seg.words = cue.words;
    if (i === 0 && heading) seg.heading = heading;
    return seg;
  });
}

/**
 * A WebVTT file's description from its first NOTE line: the whole line when short, else its sentences that
 * fit in {@link MAX_NOTE_HEADING} characters. Null when there is no NOTE.
 */
export function noteHeading(text: string): string | null {
  const line = /^NOTE[ \t]+([^\n]+)/m.exec(text.slice(0, 4096))?.[1]?.trim();
  if (!line) return null;
  if (line.length <= MAX_NOTE_HEADING) return line;
  const window = line.slice(0, MAX_NOTE_HEADING);
  let cut = -1;
  for (const m of window.matchAll(/[.!?](?=\s)/g)) if ((m.index ?? 0) >= 20) cut = (m.index ?? 0) + 1;
  return cut > 0 ? window.slice(0, cut) : window.slice(0, window.lastIndexOf(' ')).trim();
}

export async function extractSubtitles(file: string): Promise<Extracted> {
  const text = await readTextFile(file);
  const cues = parseSubtitles(text, path.extname(file), file);
  const start = cues[0]?.start_s ?? 0;
  const end = Math.max(...cues.map((c) => c.end_s));
  return {
    kind: 'transcript',
    title: titleFromPath(file),
    structure: 'cues',
    segments: cuesToSegments(cues, noteHeading(text)),
    duration_s: end - start,
    details: { extractor: path.extname(file).toLowerCase() === '.srt' ? 'srt' : 'webvtt', cues: cues.length, first_cue_s: start, last_cue_end_s: end },
  };
}
