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

/**
 * A reel name from the source's reel tag, else from its file name: upper case, [A-Z0-9_] only, 8 characters.
 * A camera-card token in the file name (A001, B002C003) is preferred, as assistants name reels after cards.
 */
export function toReelName(reel: string | null, clipName: string): string {
  const stem = clipName.replace(/\.[^.]+$/, '');
  const card = /(?:^|[^A-Za-z0-9])([A-Za-z]\d{3}(?:[Cc]\d{3})?)(?=$|[^A-Za-z0-9])/.exec(stem.replace(/_/g, ' '))?.[1];
  const base = reel && reel.trim() ? reel : (card ?? stem);
  const cleaned = toAscii(base)
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (cleaned || 'AX').slice(0, REEL_MAX);
}

/**
 * Reel names for a list of files, unique per file: two files whose names would collide get a numeric suffix
 * in the last characters (RUSH_A01, RUSH_A_2).
 */
export function assignReelNames(files: Array<{ path: string; reel: string | null; clipName: string }>): Map<string, string> {
  const byPath = new Map<string, string>();
  const taken = new Set<string>();
  for (const f of files) {
    if (byPath.has(f.path)) continue;
    let name = toReelName(f.reel, f.clipName);
    for (let i = 2; taken.has(name); i++) {
      const suffix = `_${i}`;
      name = toReelName(f.reel, f.clipName).slice(0, REEL_MAX - suffix.length) + suffix;
    }
    taken.add(name);
    byPath.set(f.path, name);
  }
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
