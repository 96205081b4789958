/**
 * One writer at a time per archive. Ingest, reembed, remove, compaction (and withdrawal) run inside
 * {@link withWriterLock}: an archive-wide lock file `<home>/writer.lock` holding who writes (pid, host, command,
 * purpose, start time). Readers (search, serve) never take it.
 *
 * - Created atomically (written to a private file, then `link`ed into place: `link` fails if the lock exists,
 *   also on NFS), so the file is never seen half-written.
 * - The holder touches the file every {@link HEARTBEAT_MS} (its mtime is the heartbeat).
 * - A lock is stale, and taken over, when its process is gone (same host: the pid no longer exists, or it is
 *   this process's own pid) or its heartbeat is older than `staleMs` (any host: a writer on another machine of a
 *   shared NAS, or a reused pid). The take-over itself runs under a short second lock, so two processes that
 *   find the same stale lock cannot both remove it and each think they hold a fresh one.
 * - Re-entrant within one async call chain (an ingest that compacts at its end takes it once); two independent
 *   writers in one process exclude each other like two processes.
 * - Before releasing, the writer fingerprints the LanceDB files it made and forgets those it removed
 *   (core/store/integrity.ts), so that `darkroom check` can tell damage from a writer's work.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DarkroomError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { listArchiveFiles, recordFingerprints } from './integrity.ts';

const log = createLogger('writer-lock');

/** The lock file's name inside the archive folder. */
export const WRITER_LOCK_FILE = 'writer.lock';
/** How often the holder refreshes the lock file's mtime. */
export const HEARTBEAT_MS = 10_000;
/** Default age of the heartbeat past which a lock is stale whoever holds it (12 missed heartbeats). */
export const DEFAULT_STALE_MS = 120_000;
/** A take-over guard older than this was left by a process killed during its take-over (which takes microseconds). */
const TAKEOVER_STALE_MS = 10_000;

/** Who holds the lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The command line, e.g. `darkroom ingest docs --corpus film`. */
  command: string;
  /** What the writer does: `ingest`, `reembed`, `remove`, `compact`, `withdraw`… */
  purpose: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Unique per acquisition: tells a lock from a later one by the same pid. */
  token: string;
}

export interface WriterLockOptions {
  /** What the writer does, shown to a second writer. */
  purpose: string;
  /** Wait for the holder to finish (polling) instead of failing at once. Default false. */
  wait?: boolean | undefined;
  /** Called once when the lock is held by someone else and `wait` is set, before waiting. */
  onWait?: ((holder: LockHolder) => void) | undefined;
  /** Called when a stale lock (its writer gone) is taken over. */
  onTakeOver?: ((previous: LockHolder) => void) | undefined;
  /** Heartbeat age (ms) past which a lock is stale. Default {@link DEFAULT_STALE_MS}. */
  staleMs?: number | undefined;
  /** Milliseconds between two attempts while waiting. Default 250. */
  pollMs?: number | undefined;
  /** Stops waiting (throws CANCELLED). */
  signal?: AbortSignal | undefined;
}

/** Archives whose lock the current async call chain holds. */
const heldHere = new AsyncLocalStorage<ReadonlySet<string>>();
/** Archives whose lock this process holds, with the holder and a promise settled at release. */
const heldByProcess = new Map<string, { holder: LockHolder; released: Promise<void> }>();

/** The lock file of an archive folder. */
export function writerLockPath(home: string): string {
  return path.join(path.resolve(home), WRITER_LOCK_FILE);
}

/** The current holder of an archive's writer lock, or null when nobody holds it (for status and checks). */
export function readWriterLock(home: string): (LockHolder & { heartbeat: Date; stale: boolean }) | null {
  const found = readLockFile(writerLockPath(home));
  if (!found) return null;
  return { ...found.holder, heartbeat: found.mtime, stale: isStale(found.holder, found.mtime, DEFAULT_STALE_MS) };
}

/** One line naming a holder: `darkroom ingest … (pid 123 on studio-1, since 2026-12-05T08:00:00.000Z)`. */
export function describeHolder(h: LockHolder): string {
  return `${h.command || h.purpose} (pid ${h.pid} on ${h.hostname}, ${h.purpose}, since ${h.since})`;
}

/**
 * Runs `fn` holding the archive's writer lock; releases it when `fn` settles. Fails at once with
 * `ARCHIVE_LOCKED`, naming the holder and the fix, when another writer holds it (unless `wait`).
 */
export async function withWriterLock<T>(home: string, options: WriterLockOptions, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(home);
  const held = heldHere.getStore();
  if (held?.has(key)) return fn();
  // Another writer of this same process (e.g. the server's live ingest): wait for it or refuse, like another
  // process. The claim below follows the loop's last check with no await in between.
  let announced = false;
  for (let other = heldByProcess.get(key); other; other = heldByProcess.get(key)) {
    if (!options.wait) throw lockedError(key, other.holder);
    if (!announced) options.onWait?.(other.holder);
    announced = true;
    await other.released;
  }
  const holder = newHolder(options.purpose);
  let release!: () => void;
  heldByProcess.set(key, { holder, released: new Promise<void>((resolve) => (release = resolve)) });
  const file = writerLockPath(key);
  let heartbeat: NodeJS.Timeout | undefined;
  let acquired = false;
  let filesBefore: ReadonlySet<string> = new Set();
  try {
    await acquireFile(file, holder, options);
    acquired = true;
    filesBefore = new Set(listArchiveFiles(key));
    heartbeat = setInterval(() => beat(file, holder), HEARTBEAT_MS);
    heartbeat.unref();
    return await heldHere.run(new Set([...(held ?? []), key]), fn);
  } finally {
    clearInterval(heartbeat);
    // Still holding the lock: fingerprint the files this writer made, forget those it removed (core/store/integrity.ts).
    if (acquired) await recordFingerprints(key, filesBefore).catch((err: unknown) => log.warn('could not record the archive files\' fingerprints', { home: key, err }));
    if (acquired) releaseFile(file, holder);
    heldByProcess.delete(key);
    release();
  }
}

function newHolder(purpose: string): LockHolder {
  return { pid: process.pid, hostname: hostname(), command: commandLine(), purpose, since: new Date().toISOString(), token: randomUUID() };
}

async function acquireFile(file: string, holder: LockHolder, options: WriterLockOptions): Promise<void> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (cause) {
    throw new DarkroomError('STORE_FAILED', `Cannot create the archive folder ${path.dirname(file)}. Set DARKROOM_HOME to a writable folder.`, { cause });
  }
  let announced = false;
  for (;;) {
    if (options.signal?.aborted) throw new DarkroomError('CANCELLED', `Stopped waiting for the writer lock of ${path.dirname(file)}.`);
    holder.since = new Date().toISOString();
    if (tryCreate(file, holder)) return;
    const found = readLockFile(file);
    if (!found) continue; // released between our attempt and the read: try again at once
    if (isStale(found.holder, found.mtime, staleMs)) {
      if (takeOver(file, found.holder.token, staleMs)) {
        log.info('took over a stale writer lock', { lock: file, holder: found.holder, heartbeat: found.mtime.toISOString() });
        options.onTakeOver?.(found.holder);
      } else {
        await sleep(20);
      }
      continue;
    }
    if (!options.wait) throw lockedError(path.dirname(file), found.holder);
    if (!announced) options.onWait?.(found.holder);
    announced = true;
    await sleep(options.pollMs ?? 250, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
}

/** Creates the lock file with its content in one atomic step; false when it already exists. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const draft = `${file}.${holder.token}.tmp`;
  try {
    writeFileSync(draft, JSON.stringify(holder, null, 2) + '\n');
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DarkroomError('STORE_FAILED', `Cannot write the writer lock ${file}: ${(err as Error).message}. Check that the archive folder is writable.`, { cause: err });
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      /* already gone */
    }
  }
}

/** The lock file's holder and heartbeat, or null when there is none. An unreadable file counts as an unknown holder. */
function readLockFile(file: string): { holder: LockHolder; mtime: Date } | null {
  try {
    const mtime = statSync(file).mtime;
    let holder: LockHolder;
    try {
      holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      holder = { pid: 0, hostname: 'unknown', command: 'unknown (unreadable lock file)', purpose: 'unknown', since: mtime.toISOString(), token: `unreadable-${mtime.getTime()}` };
    }
    return { holder, mtime };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DarkroomError('STORE_FAILED', `Cannot read the writer lock ${file}: ${(err as Error).message}.`, { cause: err });
  }
}

/** True when the holder is gone: same host and no such process (or this very process), or no heartbeat for `staleMs`. */
function isStale(holder: LockHolder, heartbeat: Date, staleMs: number): boolean {
  if (Date.now() - heartbeat.getTime() > staleMs) return true;
  if (holder.hostname !== hostname() || !Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.pid === process.pid) return ![...heldByProcess.values()].some((h) => h.holder.token === holder.token);
  return !processExists(holder.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock if it is still the one found stale (same token), under a short guard lock so that two
 * processes taking over at once cannot remove a fresh lock. True when this call removed it.
 */
function takeOver(file: string, staleToken: string, staleMs: number): boolean {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard, newHolder('take-over'))) {
    const other = readLockFile(guard);
    if (other && Date.now() - other.mtime.getTime() > TAKEOVER_STALE_MS) {
      try {
        unlinkSync(guard);
      } catch {
        /* another process cleared it */
      }
    }
    return false;
  }
  try {
    const again = readLockFile(file);
    if (!again || again.holder.token !== staleToken || !isStale(again.holder, again.mtime, staleMs)) return false;
    unlinkSync(file);
    return true;
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      /* gone */
    }
  }
}

/** Refreshes the heartbeat; logs if the lock was taken from us (our heartbeat stalled past the stale age). */
function beat(file: string, holder: LockHolder): void {
  const found = readLockFile(file);
  if (found?.holder.token !== holder.token) {
    log.error('the writer lock was taken over by another writer while this one ran', { lock: file, now: found?.holder ?? null });
    return;
  }
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch (err) {
    log.warn('could not refresh the writer lock', { lock: file, err });
  }
}

/** Removes the lock file if it is still ours. */
function releaseFile(file: string, holder: LockHolder): void {
  try {
    if (readLockFile(file)?.holder.token === holder.token) unlinkSync(file);
  } catch (err) {
    log.warn('could not remove the writer lock', { lock: file, err });
  }
}

function lockedError(home: string, holder: LockHolder): DarkroomError {
  return new DarkroomError(
    'ARCHIVE_LOCKED',
    `Another writer is working on the archive ${home}: ${describeHolder(holder)}. One writer at a time: let it finish, or run this command again with --wait to wait for it.`,
  );
}

/** This process's command line, shortened: `darkroom ingest docs --corpus film`. */
function commandLine(): string {
  const [, script, ...args] = process.argv;
  const name = script && /darkroom(\.js)?$/.test(script) ? 'darkroom' : path.basename(script ?? process.argv0);
  const line = [name, ...args].join(' ');
  return line.length > 200 ? line.slice(0, 199) + '…' : line;
}
