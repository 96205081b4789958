/**
 * sha256 of a model file, computed once per (path, size, mtime): GGUF files are gigabytes, and the hash is
 * part of every answer's provenance record. Kept in memory and, when a cache file is given, on disk.
 */
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { hashFile } from '../file-hash.ts';

type HashCache = Record<string, { size: number; mtime_ms: number; sha256: string }>;

const memory = new Map<string, string>();

/**
 * Returns the file's sha256, reusing an earlier hash while its size and modification time are unchanged.
 * @param cacheFile optional JSON file that keeps hashes across runs (e.g. under DARKROOM_HOME).
 */
export async function hashModelFile(file: string, cacheFile?: string): Promise<string> {
  const abs = path.resolve(file);
  const st = statSync(abs);
  const key = `${abs}\0${st.size}\0${st.mtimeMs}`;
  const known = memory.get(key);
  if (known) return known;
  const disk = cacheFile ? readCache(cacheFile) : {};
  const entry = disk[abs];
  if (entry && entry.size === st.size && entry.mtime_ms === st.mtimeMs) {
    memory.set(key, entry.sha256);
    return entry.sha256;
  }
  const sha256 = await hashFile(abs);
  memory.set(key, sha256);
  if (cacheFile) {
    disk[abs] = { size: st.size, mtime_ms: st.mtimeMs, sha256 };
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(disk, null, 2));
  }
  return sha256;
}

function readCache(file: string): HashCache {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HashCache;
  } catch {
    return {};
  }
}
