/**
 * One bound on the text taken from any file, whatever its format: plain text is refused above
 * {@link MAX_TEXT_BYTES} before it is read; text extracted from a DOCX, a PDF, OCR, subtitles or a transcript
 * is held to the same limit as it comes out, and a DOCX's zip parts to {@link MAX_DOCX_PARTS_BYTES} before they
 * are inflated (ingest/extract/zip-bounds.ts). Beyond, the file fails with TEXT_TOO_LARGE naming the limit and
 * the fix; the run goes on with the other files, and what an earlier run stored of that file stays.
 */
import { DarkroomError } from '../../core/errors.ts';
import { MAX_TEXT_BYTES } from './read-text.ts';
import type { Extracted } from './types.ts';

/** UTF-8 bytes of text one file may yield (20 MB, as for a plain text file). */
export const MAX_EXTRACTED_TEXT_BYTES = MAX_TEXT_BYTES;
/** Bytes a DOCX's parts may inflate to (photos and other incompressible parts not counted): 5 times the text limit, for the XML around the words. */
export const MAX_DOCX_PARTS_BYTES = 5 * MAX_TEXT_BYTES;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(bytes % 1048576 === 0 ? 0 : 1)} MB`;

function textTooLarge(file: string, where: string, limit: number): DarkroomError {
  return new DarkroomError(
    'TEXT_TOO_LARGE',
    `${file}: its extracted text passes ${mb(limit)}${where}, the limit for one document (a single text this big is a dump or a zip bomb, not a document). Nothing of it was stored. Split it into smaller documents and ingest those, or leave it out.`,
  );
}

/** Counts extracted text as it comes out (page by page), refusing the file as soon as it passes the limit. */
export class TextBudget {
  private used = 0;

  constructor(
    private readonly file: string,
    private readonly limit = MAX_EXTRACTED_TEXT_BYTES,
  ) {}

  /** Adds `text`; `where` says where the file was when it passed (", at page 812"). */
  add(text: string, where = ''): void {
    this.used += Buffer.byteLength(text, 'utf8');
    if (this.used > this.limit) throw textTooLarge(this.file, where, this.limit);
  }
}

/** Refuses an extraction whose segments hold more than the limit (any format: the pipeline's last word). */
export function checkExtractedText(file: string, extracted: Pick<Extracted, 'segments'>, limit = MAX_EXTRACTED_TEXT_BYTES): void {
  const budget = new TextBudget(file, limit);
  for (const s of extracted.segments) budget.add(s.text);
}
