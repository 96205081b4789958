/**
 * A source file's identity on disk: its real path, device, inode, size and modification time, recorded at
 * ingest (in `sources.details_json.file`) and checked when the server opens the file again. Anyone who can
 * write to an ingested folder (a shared NAS) could otherwise swap `note.txt` for a symlink to /etc/shadow
 * and have `/media` serve it. {@link openIngestedFile} checks without a check-then-open race: it opens the
 * file, compares the open descriptor's fstat with the record, and hands back that descriptor to read from.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { DarkroomError } from '../errors.ts';
import type { SourceRecord } from '../types.ts';

/** What identifies the ingested file. dev, ino and mtime_ns are decimal strings (64-bit values). */
export interface FileIdentity {
  real_path: string;
  dev: string;
  ino: string;
  size: number;
  mtime_ns: string;
}

/** The identity of an open file at `realPath`, from its descriptor's fstat. */
function identityOf(realPath: string, st: BigIntStats): FileIdentity {
  return { real_path: realPath, dev: st.dev.toString(), ino: st.ino.toString(), size: Number(st.size), mtime_ns: st.mtimeNs.toString() };
}

/**
 * Hashes `file` (sha256) and records its identity from the same open descriptor, so the two describe the
 * same inode even if the path is swapped meanwhile.
 */
export async function hashFileWithIdentity(file: string): Promise<{ sha256: string; identity: FileIdentity }> {
  const real = await realpath(file);
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await handle.stat({ bigint: true });
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk as Buffer);
    return { sha256: hash.digest('hex'), identity: identityOf(real, st) };
  } finally {
    await handle.close();
  }
}

/** The identity recorded for a source at ingest, or null (a source ingested before identities were recorded). */
export function recordedIdentity(source: Pick<SourceRecord, 'details_json'>): FileIdentity | null {
  if (!source.details_json) return null;
  try {
    const file = (JSON.parse(source.details_json) as { file?: Partial<FileIdentity> }).file;
    if (file && typeof file.real_path === 'string' && typeof file.dev === 'string' && typeof file.ino === 'string' && typeof file.size === 'number' && typeof file.mtime_ns === 'string') {
      return file as FileIdentity;
    }
  } catch {
    // unreadable details: treated as no record
  }
  return null;
}

/** True when two identities name the same unchanged file. */
export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.real_path === b.real_path && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtime_ns === b.mtime_ns;
}

/** An ingested file, opened and verified: read only through `handle` (close it when done). */
export interface VerifiedFile {
  handle: FileHandle;
  size: number;
  identity: FileIdentity;
}

/** Identities of legacy sources (no record) whose bytes were hashed and matched, by source id. */
const verifiedLegacy = new Map<string, FileIdentity>();

/**
 * Opens the file of `source` for reading if, and only if, it is still the file that was ingested:
 * same real path, and the open descriptor has the recorded device, inode, size and mtime. A source with no
 * recorded identity (ingested by an older version) must keep its real path and size, and its bytes are
 * hashed once against the recorded sha256 (then remembered for this process).
 * @throws DarkroomError NOT_FOUND when the file is gone; SOURCE_CHANGED when it is another file now.
 */
export async function openIngestedFile(source: Pick<SourceRecord, 'id' | 'path' | 'hash' | 'bytes' | 'details_json'>): Promise<VerifiedFile> {
  const recorded = recordedIdentity(source);
  let real: string;
  let handle: FileHandle;
  try {
    real = await realpath(source.path);
    // O_NOFOLLOW: the real path has no symlink left; one appearing now (a swap after realpath) fails the open.
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw changed(source, 'it became a symbolic link', cause);
    throw new DarkroomError('NOT_FOUND', `The file of source ${source.id} is no longer at ${source.path}. Put it back, or re-ingest the folder it moved to.`, { cause });
  }
  try {
    const st = await handle.stat({ bigint: true });
    if (!st.isFile()) throw changed(source, 'it is not a regular file any more');
    const now = identityOf(real, st);
    if (recorded) {
      const reason = differences(recorded, now);
      if (reason) throw changed(source, reason);
    } else {
      await verifyLegacy(source, handle, now);
    }
    return { handle, size: now.size, identity: now };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

async function verifyLegacy(source: Pick<SourceRecord, 'id' | 'path' | 'hash' | 'bytes'>, handle: FileHandle, now: FileIdentity): Promise<void> {
  if (now.real_path !== source.path) throw changed(source, 'its path now leads elsewhere (a symbolic link)');
  if (now.size !== source.bytes) throw changed(source, `its size is ${now.size} bytes, not ${source.bytes}`);
  const known = verifiedLegacy.get(source.id);
  if (known && sameIdentity(known, now)) return;
  const hash = createHash('sha256');
  for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== source.hash) throw changed(source, 'its content is not the content that was ingested');
  verifiedLegacy.set(source.id, now);
}

/** What differs between the recorded identity and the file now, said for a person; null when nothing does. */
function differences(recorded: FileIdentity, now: FileIdentity): string | null {
  if (recorded.real_path !== now.real_path) return 'its path now leads to another file (a symbolic link changed)';
  if (recorded.dev !== now.dev || recorded.ino !== now.ino) return 'it was replaced by another file';
  if (recorded.size !== now.size) return `its size changed from ${recorded.size} to ${now.size} bytes`;
  if (recorded.mtime_ns !== now.mtime_ns) return 'it was modified after it was ingested';
  return null;
}

function changed(source: Pick<SourceRecord, 'id' | 'path'>, reason: string, cause?: unknown): DarkroomError {
  return new DarkroomError(
    'SOURCE_CHANGED',
    `Source ${source.id} (${source.path}) changed on disk since it was ingested: ${reason}. Darkroom serves only the file it ingested; ingest it again (\`darkroom ingest\` on its folder) to read the new file.`,
    cause === undefined ? undefined : { cause },
  );
}
