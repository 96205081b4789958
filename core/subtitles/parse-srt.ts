/** SubRip (.srt): numbered blocks of `start --> end` and text lines; "Speaker: text" lines carry the speaker. Pure. */
import { DarkroomError } from '../errors.ts';
import { assertTextual, readTimedBlock, splitBlocks, splitSpeakerLine, stripMarkup, unnamedSource, type Cue } from './cue.ts';
import { voiceCues } from './parse-vtt.ts';

const timing = /^\s*(\S+)\s*-->\s*(\S+)/;

/**
 * Parses SubRip text into cues in file order. Tags (`<i>`, `{\an8}`) are stripped; a `<v Name>` voice or a
 * leading "Name: " gives the speaker. Blocks without a valid timing line are skipped.
 * @param source the file name, for error messages.
 * @throws DarkroomError EXTRACT_FAILED when the text is binary or holds no cue at all.
 */
export function parseSrt(text: string, source: string = unnamedSource): Cue[] {
  assertTextual(text, source, 'an SRT subtitle file');
  const cues: Cue[] = [];
  for (const lines of splitBlocks(text)) {
    const block = readTimedBlock(lines, timing);
    if (block) cues.push(...cuesOfBody(block.body, block.start, block.end));
  }
  if (cues.length === 0) {
    throw new DarkroomError(
      'EXTRACT_FAILED',
      `${source} holds no SRT cue (expected blocks with a line like "00:00:02,000 --> 00:00:16,000"). Check the file, or re-export the subtitles as SRT or WebVTT.`,
    );
  }
  return cues;
}

function cuesOfBody(body: string, start_s: number, end_s: number): Cue[] {
  if (/<v[\s.]/.test(body)) return voiceCues(body, start_s, end_s);
  const text = stripMarkup(body).replace(/\n/g, ' ');
  if (!text) return [];
  const { speaker, text: said } = splitSpeakerLine(text);
  return [speaker ? { start_s, end_s, speaker, text: said } : { start_s, end_s, text: said }];
}
