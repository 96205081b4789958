/** Which extractor reads which file, by extension. Unknown extensions are not picked up by a folder walk. */
import path from 'node:path';
import { extractDocx } from './docx.ts';
import { extractImage } from './image.ts';
import { extractPdf } from './pdf.ts';
import { extractSubtitles } from './subtitles.ts';
import { extractText } from './text.ts';
import type { Extractor } from './types.ts';

const extractors = new Map<string, Extractor>([
  ['.txt', extractText],
  ['.md', extractText],
  ['.markdown', extractText],
  ['.srt', extractSubtitles],
  ['.vtt', extractSubtitles],
  ['.pdf', extractPdf],
  ['.docx', extractDocx],
  ['.png', extractImage],
  ['.jpg', extractImage],
  ['.jpeg', extractImage],
  ['.tif', extractImage],
  ['.tiff', extractImage],
]);

/** Registers (or replaces) the extractor for one or more extensions (lower case, with the dot). */
export function registerExtractor(extensions: string[], extractor: Extractor): void {
  for (const ext of extensions) extractors.set(ext.toLowerCase(), extractor);
}

export function extractorFor(file: string): Extractor | undefined {
  return extractors.get(path.extname(file).toLowerCase());
}

export function supportedExtensions(): string[] {
  return [...extractors.keys()].sort();
}
