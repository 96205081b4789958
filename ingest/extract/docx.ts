/**
 * DOCX (Word) with mammoth: its raw text, paragraph by paragraph; letters are recognised as in plain text. Its zip
 * parts are bounded before mammoth inflates them, and its text after (ingest/extract/text-bounds.ts).
 */
import { readFile } from 'node:fs/promises';
import { DarkroomError } from '../../core/errors.ts';
import { titleFromPath } from './read-text.ts';
import { checkExtractedText, MAX_DOCX_PARTS_BYTES } from './text-bounds.ts';
import { checkZipBounds } from './zip-bounds.ts';
import { proseFromText } from './text.ts';
import type { Extracted } from './types.ts';

export async function extractDocx(file: string): Promise<Extracted> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} is empty: nothing to ingest. Remove it, or replace it with the full document.`);
  await checkZipBounds(file, bytes, MAX_DOCX_PARTS_BYTES);
  const mammoth = (await import('mammoth')).default;
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (cause) {
    throw new DarkroomError(
      'EXTRACT_FAILED',
      `${file} is not a readable Word document (${(cause as Error).message.replace(/\s*\(?https?:\/\/\S+\)?/g, '').trim()}). It may be damaged, or an old .doc renamed: open it in Word or LibreOffice and save it as .docx again.`,
      { cause },
    );
  }
  checkExtractedText(file, { segments: [{ text }] });
  const { kind, segments, letterHeading } = proseFromText(file, text);
  if (segments.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} holds no text. Check the document (text in images is not read from DOCX files).`);
  return { kind, title: titleFromPath(file), structure: 'prose', segments, details: { extractor: 'mammoth', ...(letterHeading ? { letter_heading: letterHeading } : {}) } };
}
