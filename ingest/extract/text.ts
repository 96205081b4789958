/**
 * Plain text and Markdown: paragraphs with their character spans. A letter (by its path, or a date then a
 * salutation in its first lines) gets kind `letter` and its date/heading lines on every passage; a .txt whose
 * lines are mostly `[hh:mm:ss] Name: text` is read as a timestamped transcript instead.
 */
import { DarkroomError } from '../../core/errors.ts';
import { isTimestampedLine } from '../../core/subtitles/parse-timestamped.ts';
import { isTimestampedText, parseTimestampedText } from '../../core/subtitles/parse-subtitles.ts';
import { detectLetter } from './letter.ts';
import { markLetterOpenings, markMarkdownHeadings, splitParagraphs } from './prose.ts';
import { readTextFile, titleFromPath } from './read-text.ts';
import { cuesToSegments } from './subtitles.ts';
import type { Extracted, Segment } from './types.ts';

/**
 * Builds prose segments from a document's text: paragraphs with spans; for a letter, its heading on the first
 * segment (the chunker carries it onto every passage); letters inside a collection get their own headings.
 */
export function proseFromText(file: string, text: string): { kind: 'letter' | 'document'; segments: Segment[]; letterHeading: string | null } {
  const letter = detectLetter(file, text);
  const paragraphs = markLetterOpenings(splitParagraphs(text));
  const segments = /\.(md|markdown)$/i.test(file) ? markMarkdownHeadings(paragraphs) : paragraphs;
  const first = segments[0];
  if (letter.heading && first && first.heading === undefined) segments[0] = { ...first, heading: letter.heading };
  return { kind: letter.isLetter ? 'letter' : 'document', segments, letterHeading: letter.heading };
}

export async function extractText(file: string): Promise<Extracted> {
  const text = await readTextFile(file);
  if (isTimestampedText(text)) {
    const cues = parseTimestampedText(text, file);
    const lines = text.split(/\r\n?|\n/);
    const header = lines.slice(0, Math.max(0, lines.findIndex(isTimestampedLine))).map((l) => l.trim()).find(Boolean);
    return {
      kind: 'transcript',
      title: titleFromPath(file),
      structure: 'cues',
      segments: cuesToSegments(cues, header ?? null),
      duration_s: (cues[cues.length - 1]?.end_s ?? 0) - (cues[0]?.start_s ?? 0),
      details: { extractor: 'timestamped-text', cues: cues.length },
    };
  }
  const { kind, segments, letterHeading } = proseFromText(file, text);
  if (segments.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} holds only white space: nothing to ingest. Remove it, or fill it and ingest again.`);
  return { kind, title: titleFromPath(file), structure: 'prose', segments, details: { extractor: 'text', ...(letterHeading ? { letter_heading: letterHeading } : {}) } };
}
