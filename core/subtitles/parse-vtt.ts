/** WebVTT (.vtt): cues with `<v Speaker>` voices; NOTE, STYLE and REGION blocks are skipped. Pure. */
import { DarkroomError } from '../errors.ts';
import { assertTextual, readTimedBlock, splitBlocks, splitSpeakerLine, stripMarkup, unnamedSource, type Cue } from './cue.ts';

const timing = /^\s*(\S+)\s+-->\s+(\S+)/;

/**
 * Parses WebVTT text into cues in file order. A cue holding several `<v Name>` voices becomes one cue per
 * voice, each with the cue's times; a cue with no voice takes its speaker from a leading "Name: ".
 * @param source the file name, for error messages.
 * @throws DarkroomError EXTRACT_FAILED when the text is binary, lacks the WEBVTT header, or holds no cue.
 */
export function parseVtt(text: string, source: string = unnamedSource): Cue[] {
  assertTextual(text, source, 'a WebVTT subtitle file');
  const blocks = splitBlocks(text);
  const header = blocks[0]?.[0]?.trim() ?? '';
  if (!/^WEBVTT(?:$|[ \t])/.test(header)) {
    throw new DarkroomError('EXTRACT_FAILED', `${source} does not start with "WEBVTT", so it is not a WebVTT file. Check the file, or rename it .srt if it is SubRip.`);
  }
  const cues: Cue[] = [];
  for (const lines of blocks) {
    const first = lines[0]?.trim() ?? '';
    if (/^(NOTE|STYLE|REGION)(?:$|[ \t])/.test(first)) continue;
    const block = readTimedBlock(lines, timing);
    if (block) cues.push(...voiceCues(block.body, block.start, block.end));
  }
  if (cues.length === 0) {
    throw new DarkroomError(
      'EXTRACT_FAILED',
      `${source} holds no WebVTT cue (expected lines like "00:00:01.000 --> 00:00:26.000"). Check the file, or re-export the subtitles.`,
    );
  }
  return cues;
}

/**
 * Splits a cue body on `<v Name>` voice spans (each to the next voice or the end), strips the rest of the
 * markup, and falls back to a "Name: text" prefix when there is no voice. Shared with the SRT parser.
 */
export function voiceCues(body: string, start_s: number, end_s: number): Cue[] {
  const out: Cue[] = [];
  const voice = /<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>/g;
  const marks = [...body.matchAll(voice)];
  if (marks.length === 0) {
    const text = stripMarkup(body).replace(/\n/g, ' ');
    if (!text) return out;
    const { speaker, text: said } = splitSpeakerLine(text);
    out.push(speaker ? { start_s, end_s, speaker, text: said } : { start_s, end_s, text: said });
    return out;
  }
  const lead = stripMarkup(body.slice(0, marks[0]?.index ?? 0)).replace(/\n/g, ' ');
  if (lead) out.push({ start_s, end_s, text: lead });
  marks.forEach((mark, k) => {
    const from = (mark.index ?? 0) + mark[0].length;
    const to = marks[k + 1]?.index ?? body.length;
    const text = stripMarkup(body.slice(from, to)).replace(/\n/g, ' ');
    const speaker = stripMarkup(mark[1] ?? '');
    if (!text) return;
    out.push(speaker ? { start_s, end_s, speaker, text } : { start_s, end_s, text });
  });
  return out;
}
