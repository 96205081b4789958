/**
 * Which ffmpeg and ffprobe binaries Darkroom runs: the ones shipped in the npm packages
 * (`@ffmpeg-installer/ffmpeg`, `@ffprobe-installer/ffprobe`) unless DARKROOM_FFMPEG / DARKROOM_FFPROBE
 * (config.ffmpegPath / ffprobePath) point at a system build. core/media/ is the only place that runs them;
 * other modules (browser proxies) call {@link resolveMediaTools} and the helpers here.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DarkroomError } from '../errors.ts';

/** Absolute paths of the two binaries. */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** DARKROOM_FFMPEG_TIMEOUT: seconds one ffmpeg run may take; unset: {@link ffmpegTimeoutFor}'s default. */
  timeoutS?: number | undefined;
}

/** The part of Config that chooses the binaries. */
export interface MediaToolsConfig {
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  ffmpegTimeoutS?: number | undefined;
}

const require = createRequire(import.meta.url);

/**
 * Resolves the ffmpeg/ffprobe paths: configured paths win, else the npm-shipped binaries.
 * @throws DarkroomError MEDIA_FAILED naming the missing binary and the variable that fixes it.
 */
export function resolveMediaTools(config: MediaToolsConfig = {}): MediaTools {
  return {
    ffmpeg: resolveOne(config.ffmpegPath, '@ffmpeg-installer/ffmpeg', 'ffmpeg', 'DARKROOM_FFMPEG'),
    ffprobe: resolveOne(config.ffprobePath, '@ffprobe-installer/ffprobe', 'ffprobe', 'DARKROOM_FFPROBE'),
    ...(config.ffmpegTimeoutS === undefined ? {} : { timeoutS: config.ffmpegTimeoutS }),
  };
}

function resolveOne(configured: string | undefined, pkg: string, name: string, envName: string): string {
  if (configured !== undefined) {
    if (!existsSync(configured)) {
      throw new DarkroomError('MEDIA_FAILED', `${envName} points at ${configured}, which does not exist. Fix the path (e.g. /usr/bin/${name}) or unset it to use the ${name} shipped with Darkroom.`);
    }
    return configured;
  }
  try {
    const shipped = (require(pkg) as { path: string }).path;
    if (existsSync(shipped)) return shipped;
  } catch {
    // fall through to the error below: the package or its platform binary is missing
  }
  throw new DarkroomError('MEDIA_FAILED', `The ${name} shipped with Darkroom (${pkg}) is missing for this platform. Run \`npm ci\`, or set ${envName} to a system ${name} (e.g. /usr/bin/${name}).`);
}

/** Seconds an ffmpeg run may take when DARKROOM_FFMPEG_TIMEOUT is unset: 10 minutes plus 4 s per second of media (1 hour for an unknown length). */
export function ffmpegTimeoutFor(configuredS: number | undefined, durationS: number | null | undefined): number {
  if (configuredS !== undefined) return configuredS;
  if (durationS === null || durationS === undefined || !Number.isFinite(durationS) || durationS <= 0) return 3600;
  return 600 + 4 * durationS;
}
