/**
 * Which ffmpeg and ffprobe binaries Darkroom runs. They decode untrusted media, so the maintained build wins:
 * DARKROOM_FFMPEG / DARKROOM_FFPROBE (config.ffmpegPath / ffprobePath) when set; else the system's (the first
 * `ffmpeg` / `ffprobe` on PATH, Debian 12: 5.1 in /usr/bin) when it is at least as new as the one shipped in
 * the npm packages (`@ffmpeg-installer/ffmpeg` is a 2018 4.1 build, `@ffprobe-installer/ffprobe` a 2023 git
 * snapshot); else the shipped one. "New" is the build's year first (the last year of its copyright line: a
 * distribution's security updates move it, a static snapshot never does), then its libavutil version, which
 * every build prints (releases and git snapshots alike); a tie goes to the system's. core/media/ is the only
 * place that runs them; other modules call {@link resolveMediaTools} and the helpers here.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DarkroomError } from '../errors.ts';

/** Where a binary came from. */
export type ToolOrigin = 'configured' | 'system' | 'shipped';

/** One chosen binary: its path, origin and version (as `-version` prints it), and why it was chosen. */
export interface ToolChoice {
  path: string;
  origin: ToolOrigin;
  /** e.g. "5.1.9-0+deb12u1", or a git build's "N-47683-g0e8eb07980"; null when `-version` failed. */
  version: string | null;
  /** libavutil version, e.g. "56.22.100": what "newer" compares after the year. */
  libavutil: string | null;
  /** The build's year, from its copyright line. */
  year: number | null;
  /** Why this binary, said for a person. */
  reason: string;
}

/** Absolute paths of the two binaries. */
export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** DARKROOM_FFMPEG_TIMEOUT: seconds one ffmpeg run may take; unset: {@link ffmpegTimeoutFor}'s default. */
  timeoutS?: number | undefined;
  /** How each was chosen (set by {@link resolveMediaTools}). */
  chosen?: { ffmpeg: ToolChoice; ffprobe: ToolChoice } | undefined;
}

/** The part of Config that chooses the binaries. */
export interface MediaToolsConfig {
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
  ffmpegTimeoutS?: number | undefined;
}

const require = createRequire(import.meta.url);
const choices = new Map<string, ToolChoice>();
const configuredVersions = new Map<string, Pick<ToolChoice, 'version' | 'libavutil' | 'year'>>();

/**
 * Resolves the ffmpeg/ffprobe paths: configured paths win, else the newer of the system's and the shipped
 * binaries (the system's on a tie). Each choice is made once per process (it runs `-version`).
 * @throws DarkroomError MEDIA_FAILED naming the missing binary and the variable that fixes it.
 */
export function resolveMediaTools(config: MediaToolsConfig = {}): MediaTools {
  const ffmpeg = chooseTool(config.ffmpegPath, '@ffmpeg-installer/ffmpeg', 'ffmpeg', 'DARKROOM_FFMPEG');
  const ffprobe = chooseTool(config.ffprobePath, '@ffprobe-installer/ffprobe', 'ffprobe', 'DARKROOM_FFPROBE');
  return {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    chosen: { ffmpeg, ffprobe },
    ...(config.ffmpegTimeoutS === undefined ? {} : { timeoutS: config.ffmpegTimeoutS }),
  };
}

/**
 * The choices with their versions filled in: a configured binary's `-version` is run here (once per process, 5 s
 * at most), not when it is chosen, so a configured binary that hangs costs nothing until a summary asks.
 */
export function withVersions(tools: MediaTools): { ffmpeg: ToolChoice; ffprobe: ToolChoice } | undefined {
  const chosen = tools.chosen;
  if (!chosen) return undefined;
  const fill = (c: ToolChoice): ToolChoice => {
    if (c.version !== null || c.origin !== 'configured') return c;
    let known = configuredVersions.get(c.path);
    if (!known) {
      known = readVersion(c.path);
      configuredVersions.set(c.path, known);
    }
    return { ...c, ...known };
  };
  return { ffmpeg: fill(chosen.ffmpeg), ffprobe: fill(chosen.ffprobe) };
}

/** One line per binary for summaries: "ffmpeg 5.1.9-0+deb12u1 (system, /usr/bin/ffmpeg)". */
export function describeMediaTools(tools: MediaTools): string[] {
  const chosen = withVersions(tools);
  if (!chosen) return [`ffmpeg ${tools.ffmpeg}`, `ffprobe ${tools.ffprobe}`];
  return (['ffmpeg', 'ffprobe'] as const).map((name) => {
    const c = chosen[name];
    return c ? `${name} ${c.version ?? 'of unknown version'} (${c.origin}, ${c.path})` : name;
  });
}

function chooseTool(configured: string | undefined, pkg: string, name: string, envName: string): ToolChoice {
  const key = `${name}\0${configured ?? ''}\0${process.env.PATH ?? ''}`;
  const known = choices.get(key);
  if (known) return known;
  const choice = decide(configured, pkg, name, envName);
  choices.set(key, choice);
  return choice;
}

function decide(configured: string | undefined, pkg: string, name: string, envName: string): ToolChoice {
  if (configured !== undefined) {
    if (!existsSync(configured)) {
      throw new DarkroomError('MEDIA_FAILED', `${envName} points at ${configured}, which does not exist. Fix the path (e.g. /usr/bin/${name}) or unset it to use the newest ${name} found.`);
    }
    // Its version is read only when asked for (withVersions): a configured binary that hangs must not block here.
    return { path: configured, origin: 'configured', version: null, libavutil: null, year: null, reason: `set by ${envName}` };
  }
  const shipped = shippedPath(pkg);
  const system = findOnPath(name, shipped);
  const shippedInfo = shipped ? readVersion(shipped) : null;
  const systemInfo = system ? readVersion(system) : null;
  if (system && systemInfo?.version && (!shipped || !shippedInfo?.version || compareBuilds(systemInfo, shippedInfo) >= 0)) {
    return { path: system, origin: 'system', ...systemInfo, reason: shipped ? `the system's ${name} (built ${systemInfo.year ?? '?'}) is at least as new as the one shipped with Darkroom (${shippedInfo?.version ?? 'unknown'}, built ${shippedInfo?.year ?? '?'})` : `no ${name} is shipped for this platform` };
  }
  if (shipped && shippedInfo) {
    const why = system ? `newer (built ${shippedInfo.year ?? '?'}) than the system's ${name} (${systemInfo?.version ?? 'which did not run'}, built ${systemInfo?.year ?? '?'})` : `no system ${name} on PATH`;
    return { path: shipped, origin: 'shipped', ...shippedInfo, reason: why };
  }
  throw new DarkroomError('MEDIA_FAILED', `No ${name} found: none on PATH and the one shipped with Darkroom (${pkg}) is missing for this platform. Install ffmpeg (apt-get install ffmpeg), run \`npm ci\`, or set ${envName}.`);
}

function shippedPath(pkg: string): string | null {
  try {
    const p = (require(pkg) as { path: string }).path;
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** The first executable `name` on PATH that is not the shipped binary. */
function findOnPath(name: string, shipped: string | null): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    if (shipped && path.resolve(candidate) === path.resolve(shipped)) continue;
    return candidate;
  }
  return null;
}

/** Runs `<binary> -version` (5 s at most) and reads the version, libavutil version and build year. */
export function readVersion(binary: string): Pick<ToolChoice, 'version' | 'libavutil' | 'year'> {
  const run = spawnSync(binary, ['-version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const out = run.status === 0 ? run.stdout : '';
  const version = /version (\S+)/.exec(out)?.[1] ?? null;
  const av = /libavutil\s+(\d+)\.\s*(\d+)\.\s*(\d+)/.exec(out);
  const years = [...out.matchAll(/Copyright \(c\) \d{4}-(\d{4})/g)].map((m) => Number(m[1]));
  return { version, libavutil: av ? `${av[1]}.${av[2]}.${av[3]}` : null, year: years[0] ?? null };
}

/** Positive when build `a` is newer than `b`: later year, then higher libavutil. */
function compareBuilds(a: Pick<ToolChoice, 'libavutil' | 'year'>, b: Pick<ToolChoice, 'libavutil' | 'year'>): number {
  if (a.year !== null && b.year !== null && a.year !== b.year) return a.year - b.year;
  return compareVersions(a.libavutil ?? '0', b.libavutil ?? '0');
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Seconds an ffmpeg run may take when DARKROOM_FFMPEG_TIMEOUT is unset: 10 minutes plus 4 s per second of media (1 hour for an unknown length). */
export function ffmpegTimeoutFor(configuredS: number | undefined, durationS: number | null | undefined): number {
  if (configuredS !== undefined) return configuredS;
  if (durationS === null || durationS === undefined || !Number.isFinite(durationS) || durationS <= 0) return 3600;
  return 600 + 4 * durationS;
}

/** ffmpeg or ffprobe as `darkroom models` lists it, beside the models (same fields, plus version and origin). */
export interface MediaToolStatus {
  role: 'ffmpeg' | 'ffprobe';
  variable: string;
  configured: string | null;
  looks_in: string;
  available: boolean;
  files: Array<{ path: string; bytes: number; sha256: null; verified: null; known_as: null }>;
  note: string;
  origin: ToolOrigin | null;
  version: string | null;
  libavutil: string | null;
  year: number | null;
}

/** Which ffmpeg and ffprobe Darkroom would run, their versions and why (for `darkroom models`). Never throws. */
export function mediaToolStatus(config: MediaToolsConfig = {}): MediaToolStatus[] {
  const roles = [
    { role: 'ffmpeg', variable: 'DARKROOM_FFMPEG', configured: config.ffmpegPath, pick: (t: MediaTools) => withVersions(t)?.ffmpeg },
    { role: 'ffprobe', variable: 'DARKROOM_FFPROBE', configured: config.ffprobePath, pick: (t: MediaTools) => withVersions(t)?.ffprobe },
  ] as const;
  return roles.map(({ role, variable, configured, pick }) => {
    const base = { role, variable, configured: configured ?? null, looks_in: `${variable}, else the newer of the ${role} on PATH and the one shipped in npm` };
    try {
      const choice = pick(resolveMediaTools(config));
      if (!choice) throw new Error(`${role} was not resolved`);
      const bytes = statSize(choice.path);
      return { ...base, available: true, files: [{ path: choice.path, bytes, sha256: null, verified: null, known_as: null }], note: `${choice.version ?? 'unknown version'} (${choice.origin}): ${choice.reason}`, origin: choice.origin, version: choice.version, libavutil: choice.libavutil, year: choice.year };
    } catch (err) {
      return { ...base, available: false, files: [], note: (err as Error).message, origin: null, version: null, libavutil: null, year: null };
    }
  });
}

function statSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
