/**
 * Bounds on what a zip container (a DOCX) inflates to, checked before any library inflates it: a 292 KB DOCX
 * can hold 300 MB of text (a zip bomb). The central directory is read first (declared sizes, a refusal that
 * costs nothing), then every compressed entry is inflated as a stream and counted, so a header that lies about
 * its size is caught too, with memory bounded by one chunk.
 *
 * An entry that inflates to at most {@link INCOMPRESSIBLE_RATIO} times its stored size (a photo, a video: it is
 * no bigger in memory than in the file) is not counted; every other entry counts, whatever its name (a bomb
 * can be named `word/media/x.png` and made the main document by the package's relationships).
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { DarkroomError } from '../../core/errors.ts';

/** Entries that inflate to at most this many times their stored size are not counted: photos, video, audio. */
export const INCOMPRESSIBLE_RATIO = 1.5;

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/** True when an entry of these sizes counts against the budget (it inflates to more than its stored size allows). */
function counts(inflated: number, compressed: number): boolean {
  return inflated > INCOMPRESSIBLE_RATIO * compressed;
}

function tooLarge(file: string, what: string, limit: number): DarkroomError {
  return new DarkroomError(
    'TEXT_TOO_LARGE',
    `${file} ${what}, over the ${limit / 1048576} MB limit for the parts of one document (a zip bomb, or a document far larger than any Darkroom reads). Nothing was read from it. Split it into smaller documents and ingest those, or leave it out.`,
  );
}

/**
 * Reads the central directory of a zip held in `bytes`.
 * @throws DarkroomError EXTRACT_FAILED when it is not a zip, TEXT_TOO_LARGE for ZIP64 sizes (over 4 GB).
 */
export function readZipEntries(file: string, bytes: Buffer, limit: number): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i -= 1) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new DarkroomError('EXTRACT_FAILED', `${file} is not a readable Word document (no zip directory at its end). It may be damaged or truncated, or an old .doc renamed: open it in Word or LibreOffice and save it as .docx again.`);
  }
  const count = bytes.readUInt16LE(eocd + 10);
  const size = bytes.readUInt32LE(eocd + 12);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === ZIP64_MARK || offset === ZIP64_MARK) throw tooLarge(file, 'is a ZIP64 archive (parts over 4 GB, or more than 65,535 of them)', limit);
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) {
      throw new DarkroomError('EXTRACT_FAILED', `${file} is not a readable Word document (its zip directory is damaged). Open it in Word or LibreOffice and save it as .docx again.`);
    }
    const nameLength = bytes.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      method: bytes.readUInt16LE(p + 10),
      compressed: bytes.readUInt32LE(p + 20),
      uncompressed: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if (entry.compressed === ZIP64_MARK || entry.uncompressed === ZIP64_MARK || entry.localOffset === ZIP64_MARK) {
      throw tooLarge(file, `has a part (${entry.name}) with ZIP64 sizes (over 4 GB)`, limit);
    }
    entries.push(entry);
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** Inflates one deflated entry as a stream, stopping past `stopAt` bytes; returns the bytes it inflates to (or stopAt + 1). */
async function inflatedSize(data: Buffer, stopAt: number): Promise<number> {
  const inflate = createInflateRaw();
  let total = 0;
  try {
    for await (const chunk of Readable.from([data]).pipe(inflate)) {
      total += (chunk as Buffer).length;
      if (total > stopAt) return stopAt + 1;
    }
  } catch {
    // A damaged entry: the reader that follows names it; what it would inflate to is what came out.
  } finally {
    inflate.destroy();
  }
  return total;
}

/**
 * Refuses a zip whose entries would inflate past `limit` bytes in all (entries no bigger than
 * {@link INCOMPRESSIBLE_RATIO} times their stored size not counted), by declared sizes first, then by
 * inflating each compressed entry as a stream. Returns the bytes the counted entries inflate to.
 * @throws DarkroomError TEXT_TOO_LARGE naming the file, the limit and the fix.
 */
export async function checkZipBounds(file: string, bytes: Buffer, limit: number): Promise<number> {
  const entries = readZipEntries(file, bytes, limit);
  const declared = entries.reduce((sum, e) => sum + (counts(e.uncompressed, e.compressed) ? e.uncompressed : 0), 0);
  if (declared > limit) throw tooLarge(file, `says its parts inflate to ${(declared / 1048576).toFixed(1)} MB`, limit);
  let total = 0;
  for (const e of entries) {
    if (e.method !== 8) continue; // stored: as big in the file as in memory; other methods: the reader refuses them
    const start = e.localOffset + 30 + bytes.readUInt16LE(e.localOffset + 26) + bytes.readUInt16LE(e.localOffset + 28);
    if (e.localOffset + 30 > bytes.length || bytes.readUInt32LE(e.localOffset) !== LOCAL || start > bytes.length) continue;
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressed));
    const allowed = Math.max(Math.floor(INCOMPRESSIBLE_RATIO * e.compressed), limit - total);
    const size = await inflatedSize(data, allowed);
    if (size > allowed) throw tooLarge(file, `has a part (${e.name}) that inflates to more than ${(allowed / 1048576).toFixed(1)} MB, though its directory says ${(e.uncompressed / 1048576).toFixed(1)} MB`, limit);
    if (counts(size, e.compressed)) total += size;
    if (total > limit) throw tooLarge(file, `has parts that inflate to more than ${(total / 1048576).toFixed(1)} MB`, limit);
  }
  return total;
}
