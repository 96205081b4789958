/**
 * Sidecar transcripts: `clip.srt`, `clip.vtt` or a timestamped `clip.txt` next to `clip.mov`. A sidecar
 * belongs to its media file: it is read with it, and a folder walk must not ingest it a second time
 * ({@link isSidecarOf}).
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import { parseSubtitles, type Cue } from '../../core/subtitles/parse-subtitles.ts';

/** Media extensions Darkroom reads (lower case, with the dot). */
export const mediaExtensions = ['.mov', '.mp4', '.mxf', '.mkv', '.wav', '.mp3', '.m4a', '.flac', '.aac', '.ogg', '.webm'] as const;

/** Sidecar extensions, in order of preference. */
export const sidecarExtensions = ['.srt', '.vtt', '.txt'] as const;

/** True when `file` has a media extension Darkroom reads. */
export function isMediaFile(file: string): boolean {
  return (mediaExtensions as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** Files next to `media` with its base name and a sidecar extension (any case), best first. */
export function findSidecar(media: string): string | null {
  const dir = path.dirname(media);
  const base = path.basename(media, path.extname(media));
  for (const ext of sidecarExtensions) {
    for (const candidate of [ext, ext.toUpperCase()]) {
      const file = path.join(dir, base + candidate);
      if (isFile(file)) return file;
    }
  }
  return null;
}

/**
 * True when `file` is a sidecar transcript of a media file beside it (`clip.srt` next to `clip.mov`), so the
 * media source reads it and a folder walk should skip it.
 */
export function isSidecarOf(file: string): boolean {
  if (!(sidecarExtensions as readonly string[]).includes(path.extname(file).toLowerCase())) return false;
  const dir = path.dirname(file);
  const base = path.basename(file, path.extname(file));
  return mediaExtensions.some((ext) => isFile(path.join(dir, base + ext)) || isFile(path.join(dir, base + ext.toUpperCase())));
}

/**
 * Reads a sidecar into cues.
 * @throws DarkroomError EXTRACT_FAILED naming the sidecar when it is empty or not subtitles.
 */
export async function readSidecar(file: string): Promise<Cue[]> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  if (!text.trim()) throw new DarkroomError('EXTRACT_FAILED', `${file} (the sidecar transcript) is empty. Delete it, or fill it, then ingest again.`);
  return parseSubtitles(text, path.extname(file), file);
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
