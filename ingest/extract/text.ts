/** Plain text and Markdown: paragraphs with their character spans; a letter's first lines become its heading. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import type { Extracted, Segment } from './types.ts';

/** Files larger than this are refused: a single text this big is almost always a dump, not a document. */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;

/** Decodes UTF-8 strictly; names the file and the fix when the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} is not valid UTF-8 text. Convert it (for example \`iconv -f latin1 -t utf-8\`) and ingest it again.`, { cause });
  }
}

export async function readTextFile(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} is empty: nothing to ingest.`);
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_TEXT_BYTES / 1048576} MB limit for one text file. Split it into documents and ingest those.`);
  }
  if (bytes.includes(0)) throw new DarkroomError('EXTRACT_FAILED', `${file} contains NUL bytes: it looks binary, not text. Check the file or its extension.`);
  return decodeUtf8(bytes, file);
}

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

/** A title from the file name: `letter_03_1909-09-11.txt` -> `letter 03 1909-09-11`. */
export function titleFromPath(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[_]+/g, ' ').trim();
}

export async function extractText(file: string): Promise<Extracted> {
  const text = await readTextFile(file);
  const segments = splitParagraphs(text);
  if (segments.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} holds only white space: nothing to ingest.`);
  return { kind: 'document', title: titleFromPath(file), structure: 'prose', segments, details: { extractor: 'text' } };
}
