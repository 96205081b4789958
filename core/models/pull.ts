/**
 * `darkroom models pull`: the only code in Darkroom that downloads anything, and only when a user asks
 * for one URL explicitly. The file is streamed to a temporary name next to its destination while its
 * sha256 is computed, and renamed into place only if the checksum matches: a wrong checksum, an HTTP
 * error or a dropped connection leave nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DarkroomError } from '../errors.ts';
import { hashFile } from './file-hash.ts';

export interface PullOptions {
  url: string;
  /** Expected sha256, 64 hex digits. Required: an unverified model is never put in place. */
  sha256: string;
  /** Destination file. Its folder is created if missing. */
  to: string;
  /** Replace an existing file at `to`. */
  force?: boolean;
  signal?: AbortSignal;
  /** Called as bytes arrive; `total` is null when the server does not say. */
  onProgress?: (received: number, total: number | null) => void;
}

export interface PullResult {
  path: string;
  bytes: number;
  sha256: string;
  /** True when `to` already held a file with the expected checksum and nothing was downloaded. */
  already: boolean;
}

/** Downloads `url` to `to`, verifying its sha256. @throws DarkroomError DOWNLOAD_FAILED, CHECKSUM_MISMATCH or INPUT_INVALID. */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  const expected = options.sha256.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(expected)) {
    throw new DarkroomError('INPUT_INVALID', `--sha256 "${options.sha256}" is not a sha256 (64 hex digits). Copy the checksum from the model's page.`);
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (cause) {
    throw new DarkroomError('INPUT_INVALID', `"${options.url}" is not a URL. Give the file's full http(s) address.`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DarkroomError('INPUT_INVALID', `${options.url}: only http and https downloads are supported.`);
  }
  const to = path.resolve(options.to);
  if (existsSync(to) && !options.force) {
    const actual = await hashFile(to);
    if (actual === expected) return { path: to, bytes: statSync(to).size, sha256: actual, already: true };
    throw new DarkroomError('INPUT_INVALID', `${to} already exists with another checksum (${actual.slice(0, 12)}…). Pass --force to replace it, or choose another --to.`);
  }
  mkdirSync(path.dirname(to), { recursive: true });
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(6).toString('hex')}.part`);

  let received = 0;
  const hash = createHash('sha256');
  try {
    const response = await fetch(url, { redirect: 'follow', ...(options.signal ? { signal: options.signal } : {}) }).catch((cause: unknown) => {
      throw new DarkroomError('DOWNLOAD_FAILED', `Could not reach ${url.href}: ${describe(cause)}. Check the address and this machine's internet access.`, { cause });
    });
    if (!response.ok || !response.body) {
      throw new DarkroomError('DOWNLOAD_FAILED', `${url.href} answered HTTP ${response.status} ${response.statusText}. Check the URL (the file may have moved).`);
    }
    const header = response.headers.get('content-length');
    const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        hash.update(chunk);
        options.onProgress?.(received, total);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(temp, { flags: 'wx' }));
    } catch (cause) {
      throw new DarkroomError('DOWNLOAD_FAILED', `The download of ${url.href} stopped after ${received} bytes: ${describe(cause)}. Run the same command again.`, { cause });
    }
    if (total !== null && received !== total) {
      throw new DarkroomError('DOWNLOAD_FAILED', `The download of ${url.href} ended after ${received} of ${total} bytes. Run the same command again.`);
    }
    const actual = hash.digest('hex');
    if (actual !== expected) {
      throw new DarkroomError('CHECKSUM_MISMATCH', `${url.href} has sha256 ${actual}, not the expected ${expected}. The file was not kept: check the checksum on the model's page, or the URL.`);
    }
    renameSync(temp, to);
    return { path: to, bytes: received, sha256: actual, already: false };
  } catch (err) {
    rmSync(temp, { force: true });
    if (err instanceof DarkroomError) throw err;
    throw new DarkroomError('DOWNLOAD_FAILED', `Downloading ${url.href} failed: ${describe(err)}.`, { cause: err });
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return err.message + cause;
}
