/** Reading a text file safely: size limit, NUL bytes, strict UTF-8, each refused with a message naming the fix. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import { titleFromFileName } from './prose.ts';

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

/** Reads a text file: refuses empty, oversized, binary (NUL bytes) and non-UTF-8 files with a message naming the fix. */
export async function readTextFile(file: string): Promise<string> {
  const size = (await stat(file)).size;
  if (size > MAX_TEXT_BYTES) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_TEXT_BYTES / 1048576} MB limit for one text file. Split it into documents and ingest those.`);
  }
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new DarkroomError('EXTRACT_FAILED', `${file} is empty: nothing to ingest. Remove it, or fill it and ingest again.`);
  if (bytes.includes(0)) throw new DarkroomError('EXTRACT_FAILED', `${file} contains NUL bytes: it looks binary, not text. Check the file or its extension.`);
  return decodeUtf8(bytes, file);
}

/** A title from the file name: `letter_03_1909-09-11.txt` -> `letter 03 1909-09-11`. */
export function titleFromPath(file: string): string {
  return titleFromFileName(path.basename(file));
}

