/** Images (PNG, JPEG, TIFF): their text by OCR, English and French, offline. Kind `image`. */
import { readFile } from 'node:fs/promises';
import { DarkroomError } from '../../core/errors.ts';
import { createOcrEngine } from './ocr.ts';
import { titleFromPath } from './read-text.ts';
import { proseFromText } from './text.ts';
import type { ExtractContext, Extracted } from './types.ts';

export async function extractImage(file: string, ctx: ExtractContext = {}): Promise<Extracted> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} is empty: nothing to ingest. Remove it, or replace it with the full image.`);
  const ocr = ctx.ocr ?? createOcrEngine();
  const own = ctx.ocr ? null : ocr;
  let result: { text: string; confidence: number };
  try {
    ctx.onProgress?.(0, 'OCR');
    result = await ocr.recognize(bytes);
  } catch (cause) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} could not be read as an image (${cause instanceof Error ? cause.message : String(cause)}). Check the file, or convert it to PNG.`, { cause });
  } finally {
    await own?.dispose();
  }
  const { segments } = proseFromText(file, result.text);
  if (segments.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file}: OCR found no text in this image. Check that it holds legible printed or typed text.`);
  return { kind: 'image', title: titleFromPath(file), structure: 'prose', segments, details: { extractor: 'tesseract', ocr_languages: 'eng+fra', ocr_confidence: Math.round(result.confidence) } };
}
