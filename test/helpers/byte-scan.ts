/**
 * Scans every byte of every file under a folder for needles (text, case-insensitive for ASCII; or raw bytes such
 * as a vector's float32 values). What the consent tests use to prove that nothing of withdrawn material is left.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export interface Needle {
  name: string;
  bytes: Buffer;
  /** Match ASCII letters in any case. */
  caseless?: boolean;
}

/** A text needle, matched whatever the case of its ASCII letters. */
export function textNeedle(name: string, text: string): Needle {
  return { name, bytes: Buffer.from(text.toLowerCase()), caseless: true };
}

/** Every (file, needle) found; `files` is how many files were read. */
export function scanFiles(dir: string, needles: Needle[]): { files: number; bytes: number; found: Array<{ file: string; needle: string }> } {
  const files = filesUnder(dir);
  const found: Array<{ file: string; needle: string }> = [];
  let bytes = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    bytes += raw.length;
    const lower = Buffer.from(raw);
    for (let i = 0; i < lower.length; i++) if (lower[i]! >= 65 && lower[i]! <= 90) lower[i] = lower[i]! + 32;
    for (const n of needles) if ((n.caseless ? lower : raw).includes(n.bytes)) found.push({ file: path.relative(dir, file), needle: n.name });
  }
  return { files: files.length, bytes, found };
}
