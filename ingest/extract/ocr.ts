/**
 * OCR with tesseract.js, English and French, fully offline: the traineddata comes from the
 * `@tesseract.js-data/eng` and `@tesseract.js-data/fra` npm packages. They live in two folders and tesseract.js
 * takes one `langPath`, so a temporary folder of symlinks to both is made for the worker's life; with
 * `cacheMethod: 'none'` tesseract.js neither reaches for its CDN nor writes files into the cwd.
 * One worker is started on first use and reused for every page and image of a run; call `dispose()`.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';

/** Recognises the text of an image (PNG, JPEG, TIFF bytes). */
export interface OcrEngine {
  /** The page's text and tesseract's mean word confidence (0-100). */
  recognize(image: Buffer | Uint8Array): Promise<{ text: string; confidence: number }>;
  dispose(): Promise<void>;
}

/** The languages OCR reads, as tesseract codes. */
export const OCR_LANGUAGES = ['eng', 'fra'] as const;

const require = createRequire(import.meta.url);

function traineddataFile(code: string): string {
  let file = `@tesseract.js-data/${code}`;
  try {
    file = path.join(path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)), '4.0.0_best_int', `${code}.traineddata.gz`);
  } catch {
    /* reported below */
  }
  if (!existsSync(file)) {
    throw new DarkroomError('MODEL_NOT_FOUND', `OCR data for "${code}" is missing (${file}). Run \`npm ci\` to restore the @tesseract.js-data packages.`);
  }
  return file;
}

/** Creates a lazy OCR engine: the tesseract worker (a few hundred ms to start) starts on the first page. */
export function createOcrEngine(): OcrEngine {
  type Worker = Awaited<ReturnType<typeof import('tesseract.js').createWorker>>;
  let worker: Promise<Worker> | null = null;
  let langDir: string | null = null;
  const start = async (): Promise<Worker> => {
    const tesseract = await import('tesseract.js');
    const files = OCR_LANGUAGES.map(traineddataFile);
    langDir = await mkdtemp(path.join(tmpdir(), 'darkroom-ocr-'));
    for (const file of files) await symlink(file, path.join(langDir, path.basename(file)));
    return tesseract.createWorker([...OCR_LANGUAGES], tesseract.OEM.LSTM_ONLY, { langPath: langDir, cacheMethod: 'none', gzip: true });
  };
  return {
    async recognize(image) {
      worker ??= start();
      const w = await worker;
      const { data } = await w.recognize(Buffer.from(image));
      return { text: data.text, confidence: data.confidence };
    },
    async dispose() {
      const pending = worker;
      worker = null;
      const w = pending ? await pending.catch(() => null) : null;
      await w?.terminate();
      if (langDir) await rm(langDir, { recursive: true, force: true });
      langDir = null;
    },
  };
}
