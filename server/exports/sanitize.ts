import { createHash } from 'node:crypto';

/**
 * Names the edit suites accept: reel names (CMX3600: at most 8 characters; Avid and Premiere read
 * [A-Z0-9_] reliably), single-line ASCII comment text, and file names safe on macOS, Windows and Linux.
 */

/** Longest reel name a CMX3600 EDL holds. */
export const REEL_MAX = 8;

/** Folds accents and drops what is not printable ASCII: EDL readers are 7-bit. */
export function toAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/[^\x20-\x7e]/g, ' ');
}

/** One line of text: white space folded, at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? line.slice(0, max - 3).trimEnd() + '...' : line;
}

/** Characters of the name kept before the hash when a reel name is too long (4 + 4 hex digits = 8). */
const REEL_PREFIX = 4;

/**
 * A reel name from the source's reel tag, else from its file name: upper case, [A-Z0-9_] only, 8 characters.
 * A camera-card token in the file name (A001, B002C003) is preferred, as assistants name reels after cards.
 * A name that does not fit becomes its first 4 characters and 4 hex digits of a hash of the whole name
 * (`Cam #2 Day-2` → `CAM_` + hash), so that one source has the same reel in every export, whatever else the
 * list holds; a name with no Latin letter or digit becomes `AX` + hash.
 */
export function toReelName(reel: string | null, clipName: string): string {
  const stem = clipName.replace(/\.[^.]+$/, '');
  const card = /(?:^|[^A-Za-z0-9])([A-Za-z]\d{3}(?:[Cc]\d{3})?)(?=$|[^A-Za-z0-9])/.exec(stem.replace(/_/g, ' '))?.[1];
  const base = reel && reel.trim() ? reel.trim() : (card ?? stem);
  const cleaned = toAscii(base)
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned.length > 0 && cleaned.length <= REEL_MAX) return cleaned;
  const prefix = cleaned ? cleaned.slice(0, REEL_PREFIX) : 'AX';
  return prefix + createHash('sha256').update(base.normalize('NFC')).digest('hex').slice(0, REEL_MAX - prefix.length).toUpperCase();
}

/**
 * Reel names for a list of files: each file's {@link toReelName}, which depends on that file alone (never on
 * the order or content of the list), so a source keeps its reel across exports and in clip references.
 */
export function assignReelNames(files: Array<{ path: string; reel: string | null; clipName: string }>): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const f of files) if (!byPath.has(f.path)) byPath.set(f.path, toReelName(f.reel, f.clipName));
  return byPath;
}

/** A file name safe everywhere: letters, digits, dot, dash and underscore; never empty, at most 100 characters. */
export function toSafeFileName(name: string): string {
  const cleaned = toAscii(name)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+|_+$/g, '')
    .slice(0, 100);
  return cleaned || 'selects';
}
