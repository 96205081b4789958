/**
 * PDF, page by page with pdf-parse 2. Every segment carries its 1-based page. A page without a text layer
 * (a scan) is rendered and read by OCR (English and French, offline); which pages were OCR'd is kept in the
 * source's details.
 */
import { readFile } from 'node:fs/promises';
import { DarkroomError } from '../../core/errors.ts';
import { createOcrEngine, type OcrEngine } from './ocr.ts';
import { splitWrappedParagraphs } from './prose.ts';
import { titleFromPath } from './read-text.ts';
import type { ExtractContext, Extracted, Segment } from './types.ts';

/** A page with fewer non-space characters than this in its text layer is treated as scanned and OCR'd. */
export const MIN_TEXT_LAYER_CHARS = 16;
/** Render scale for OCR (2 = 144 dpi for a 72-dpi page box): enough for body text, fast enough on 2 cores. */
const OCR_SCALE = 2;

/**
 * Blanks out running headers and footers: a page's first or last line when it recurs (digits
 * ignored, "Page 3 / 15") on at least 60% of the pages of a document of 3 pages or more. The line is replaced
 * by spaces of the same length, so character spans still point into the page's text layer.
 */
export function blankRunningLines(pages: string[]): string[] {
  if (pages.length < 3) return pages;
  const key = (line: string) => line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');
  const edges = (text: string) => {
    const lines = text.split('\n').filter((l) => l.trim());
    return new Set([lines[0] ?? '', lines[lines.length - 1] ?? ''].map(key).filter((k) => k.length > 2));
  };
  const counts = new Map<string, number>();
  for (const page of pages) for (const k of edges(page)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const running = new Set([...counts].filter(([, n]) => n >= pages.length * 0.6).map(([k]) => k));
  if (running.size === 0) return pages;
  return pages.map((page) => {
    const edge = edges(page);
    return page
      .split('\n')
      .map((line) => (running.has(key(line)) && edge.has(key(line)) ? ' '.repeat(line.length) : line))
      .join('\n');
  });
}

/** Paragraph segments of one page's text, each stamped with the page number. */
export function pageSegments(text: string, page: number): Segment[] {
  return splitWrappedParagraphs(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')).map((s) => ({ ...s, page }));
}

export async function extractPdf(file: string, ctx: ExtractContext = {}): Promise<Extracted> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} is empty: nothing to ingest. Remove it, or replace it with the full PDF.`);
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF')) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} is truncated: it lacks the PDF end marker (%%EOF), so pages or text may be missing. Copy it again from the original, or re-export it.`);
  }
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  let ownOcr: OcrEngine | null = null;
  try {
    let pages: Array<{ num: number; text: string }>;
    try {
      pages = (await parser.getText()).pages;
    } catch (cause) {
      throw new DarkroomError(
        'EXTRACT_FAILED',
        `${file} is not a readable PDF (${(cause as Error).message}). It may be truncated or damaged: copy it again from the original, or re-export it.`,
        { cause },
      );
    }
    const texts = blankRunningLines(pages.map((p) => p.text.replace(/\r\n?/g, '\n')));
    const segments: Segment[] = [];
    const ocrPages: number[] = [];
    for (const [i, page] of pages.entries()) {
      if (ctx.signal?.aborted) throw new DarkroomError('CANCELLED', `${file}: extraction interrupted.`);
      let text = texts[i] ?? '';
      if (text.replace(/\s+/g, '').length < MIN_TEXT_LAYER_CHARS) {
        const ocr = ctx.ocr ?? (ownOcr ??= createOcrEngine());
        const shot = await parser.getScreenshot({ partial: [page.num], scale: OCR_SCALE, imageBuffer: true, imageDataUrl: false });
        const image = shot.pages[0]?.data;
        if (image) {
          text = (await ocr.recognize(image)).text;
          ocrPages.push(page.num);
        }
      }
      segments.push(...pageSegments(text, page.num));
      ctx.onProgress?.((i + 1) / pages.length, ocrPages.includes(page.num) ? `OCR page ${page.num}` : undefined);
    }
    if (segments.length === 0) {
      throw new DarkroomError('EXTRACT_FAILED', `${file}: no text on any of its ${pages.length} page(s), even by OCR. Check the scan's quality, or add a text layer with an OCR tool.`);
    }
    return {
      kind: 'pdf',
      title: titleFromPath(file),
      structure: 'prose',
      segments,
      pages: pages.length,
      details: { extractor: 'pdf-parse', ...(ocrPages.length ? { ocr_pages: ocrPages, ocr_languages: 'eng+fra' } : {}) },
    };
  } finally {
    await parser.destroy().catch(() => undefined);
    await ownOcr?.dispose();
  }
}
