/**
 * Fingerprints of the archive's LanceDB files: `DARKROOM_HOME/integrity.json` holds the size and sha256 of every
 * file under `lance/`. LanceDB never rewrites a data fragment, index, deletion file, transaction or version
 * manifest once written (a change is a new file), so a file whose bytes no longer match its fingerprint was
 * damaged on disk (a failing drive, a bad copy, a hand edit), and a fingerprinted file that is gone was deleted
 * by something other than a writer. LanceDB itself does not notice byte flips in a data file: this is what does.
 *
 * Recorded by every writer as it releases the archive's writer lock (core/store/writer-lock.ts): new files are
 * hashed, files the writer removed (present when it started, gone at its end) are dropped. `darkroom check`
 * verifies them, and fingerprints files it has not seen yet when no writer is at work.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** The fingerprint file's name inside DARKROOM_HOME. */
export const INTEGRITY_FILE = 'integrity.json';

/** LanceDB's one rewritten file (a hint of the newest version, rebuilt from `_versions/` when wrong): not fingerprinted. */
const MUTABLE = new Set(['latest_version_hint.json']);

export interface Fingerprint {
  size: number;
  sha256: string;
}

export interface Fingerprints {
  format: 1;
  /** By path relative to DARKROOM_HOME, with `/` separators (`lance/passages.lance/data/….lance`). */
  files: Record<string, Fingerprint>;
}

/** Every fingerprintable file under `<home>/lance`, as paths relative to `home` with `/` separators, sorted. */
export function listArchiveFiles(home: string): string[] {
  const root = path.join(home, 'lance');
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed meanwhile (a writer's cleanup), or unreadable: check reports the tables it cannot read
    }
    for (const e of entries) {
      const childRel = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(dir, e.name), childRel);
      else if (e.isFile() && !MUTABLE.has(e.name)) found.push(childRel);
    }
  };
  walk(root, 'lance');
  return found.sort();
}

/** The recorded fingerprints (empty when none were recorded yet or the file is unreadable). */
export function readFingerprints(home: string): Fingerprints {
  const file = path.join(home, INTEGRITY_FILE);
  if (!existsSync(file)) return { format: 1, files: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Fingerprints>;
    return { format: 1, files: parsed.files && typeof parsed.files === 'object' ? parsed.files : {} };
  } catch {
    return { format: 1, files: {} };
  }
}

/** Writes the fingerprints atomically (a draft renamed into place). */
export function writeFingerprints(home: string, fingerprints: Fingerprints): void {
  const file = path.join(home, INTEGRITY_FILE);
  const sorted: Record<string, Fingerprint> = {};
  for (const key of Object.keys(fingerprints.files).sort()) sorted[key] = fingerprints.files[key] as Fingerprint;
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify({ format: 1, files: sorted }, null, 1) + '\n');
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** The size and sha256 of a file, read as a stream (memory stays flat for a large fragment). */
export async function fingerprintFile(file: string): Promise<Fingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Brings the fingerprints up to date with the files now under `lance/`: hashes the files not recorded yet and,
 * when `presentBefore` is given (the files when a writer started), drops the entries of files that were there
 * then and are gone now (the writer removed them). An entry whose file was already missing before stays: that is
 * damage for `darkroom check` to report, not the writer's doing.
 * @returns how many files were added and dropped.
 */
export async function recordFingerprints(home: string, presentBefore?: ReadonlySet<string>): Promise<{ added: number; dropped: number }> {
  const now = listArchiveFiles(home);
  const recorded = readFingerprints(home);
  const present = new Set(now);
  let added = 0;
  let dropped = 0;
  for (const rel of now) {
    if (recorded.files[rel]) continue;
    try {
      recorded.files[rel] = await fingerprintFile(path.join(home, rel));
      added++;
    } catch {
      // removed between the listing and the read: nothing to record
    }
  }
  if (presentBefore) {
    for (const rel of Object.keys(recorded.files)) {
      if (!present.has(rel) && presentBefore.has(rel)) {
        delete recorded.files[rel];
        dropped++;
      }
    }
  }
  if (added > 0 || dropped > 0) writeFingerprints(home, recorded);
  return { added, dropped };
}

/** What a fingerprinted file is now: as recorded, missing, another size, or other bytes. */
export async function verifyFingerprint(home: string, rel: string, expected: Fingerprint): Promise<'ok' | 'missing' | 'size' | 'bytes'> {
  const file = path.join(home, rel);
  try {
    const st = await stat(file);
    if (st.size !== expected.size) return 'size';
  } catch {
    return 'missing';
  }
  try {
    return (await fingerprintFile(file)).sha256 === expected.sha256 ? 'ok' : 'bytes';
  } catch {
    return 'missing';
  }
}

/** Cheap verification for a server's health: each fingerprinted file is there with its recorded size (stat only, no hashing). */
export function statFingerprints(home: string): { total: number; missing: string[]; resized: string[] } {
  const files = readFingerprints(home).files;
  const missing: string[] = [];
  const resized: string[] = [];
  for (const [rel, expected] of Object.entries(files)) {
    try {
      if (statSync(path.join(home, rel)).size !== expected.size) resized.push(rel);
    } catch {
      missing.push(rel);
    }
  }
  return { total: Object.keys(files).length, missing, resized };
}
