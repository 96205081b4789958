/**
 * Turns extracted prose (a text file, a DOCX, a PDF page, an OCR'd image) into segments with character
 * spans, and keeps letter headings attached. Pure.
 */
import type { Segment } from './types.ts';
import { letterOpeningHeading } from './letter.ts';

/** Splits text into paragraphs (blank-line separated) with exact character spans. */
export function splitParagraphs(text: string): Segment[] {
  const segments: Segment[] = [];
  const re = /[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    const start = (m.index ?? 0) + lead;
    segments.push({ text: trimmed, char_start: start, char_end: start + trimmed.length });
  }
  return segments;
}

/** Share of the longest line under which a line ending a sentence is taken as a paragraph's last line. */
const SHORT_LINE = 0.75;

/**
 * Paragraphs of hard-wrapped text with no blank lines (a PDF page's text layer): a line ends a paragraph
 * when it ends a sentence and is clearly shorter than the page's long lines, or when the next line opens a
 * letter. Line breaks inside a paragraph become spaces (same length, so spans stay exact).
 */
export function splitWrappedParagraphs(text: string): Segment[] {
  const out: Segment[] = [];
  for (const block of splitParagraphs(text)) {
    const lines = block.text.split('\n');
    const widest = Math.max(...lines.map((l) => l.trimEnd().length));
    let start = 0;
    let offset = 0;
    const push = (end: number) => {
      const raw = block.text.slice(start, end);
      const lead = raw.length - raw.trimStart().length;
      const heading = letterOpeningHeading(raw.trim().split('\n'), 0);
      const piece = raw.trim().replace(/\n/g, ' ');
      const from = (block.char_start ?? 0) + start + lead;
      if (piece) out.push(heading ? { text: piece, char_start: from, char_end: from + piece.length, heading } : { text: piece, char_start: from, char_end: from + piece.length });
      start = end;
    };
    lines.forEach((line, i) => {
      offset += line.length + 1;
      const trimmed = line.trimEnd();
      const endsSentence = /[.!?:;»"”)]$/.test(trimmed) && trimmed.length < widest * SHORT_LINE;
      const nextOpensLetter = letterOpeningHeading(lines, i + 1) !== null;
      if ((endsSentence || nextOpensLetter) && i < lines.length - 1) push(offset);
    });
    push(block.text.length);
  }
  return out;
}

/**
 * Sets `heading` on each paragraph that opens a letter inside a collection ("LETTER XIII. PROVING UP"
 * then its date line), so the chunker carries it onto every passage until the next letter.
 */
export function markLetterOpenings(segments: Segment[]): Segment[] {
  return segments.map((seg) => {
    const heading = letterOpeningHeading(seg.text.split('\n'), 0);
    return heading ? { ...seg, heading } : seg;
  });
}

/**
 * Markdown sections: a paragraph that is a single `#`-heading line becomes the heading of the paragraphs after
 * it (until the next), so a section title stays attached to its passages.
 */
export function markMarkdownHeadings(segments: Segment[]): Segment[] {
  return segments.map((seg) => {
    const m = /^#{1,6}[ \t]+(.+?)[ \t#]*$/.exec(seg.text);
    return m && !seg.text.includes('\n') ? { ...seg, heading: m[1] ?? seg.text } : seg;
  });
}

/** A title from the file name: `letter_03_1909-09-11.txt` -> `letter 03 1909-09-11`. */
export function titleFromFileName(base: string): string {
  return base.replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').trim();
}
