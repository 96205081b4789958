/**
 * Browser playback of registered media: which files a browser plays as they are, and a light H.264/AAC
 * proxy (MP4, faststart, at most 720 lines) made with ffmpeg on first play for those it cannot (ProRes,
 * DNxHD, MXF, PCM in MOV, HEVC…). Proxies are cached under DARKROOM_HOME/proxies/, named after the
 * source id and its content hash, so a changed original gets a new proxy. The original's start timecode
 * and metadata (reel, clip name) are written into the proxy.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import type { MediaTools } from '../../core/media/tools.ts';
import type { MediaInfo, SourceRecord } from '../../core/types.ts';

/** How the browser gets a source: the file itself, or a proxy made with these stream operations. */
export type PlaybackPlan =
  | { kind: 'direct'; contentType: string }
  | { kind: 'proxy'; contentType: string; video: 'copy' | 'encode' | 'none'; audio: 'copy' | 'encode' | 'none'; startTc: string | null };

/** Containers a browser plays, by extension, with their content type. */
const playableContainers: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.aac': 'audio/aac',
};
const playableVideo = new Set(['h264', 'vp8', 'vp9', 'av1']);
const playableAudio = new Set(['aac', 'mp3', 'opus', 'vorbis', 'flac', 'pcm_s16le', 'pcm_u8', 'pcm_f32le']);
/** Codecs an MP4 proxy can carry without re-encoding. */
const mp4Video = new Set(['h264']);
const mp4Audio = new Set(['aac', 'mp3']);

/** Reads a source's stored MediaInfo, or null when it has none (or it is unreadable). */
export function mediaInfoOf(source: SourceRecord): MediaInfo | null {
  if (!source.media_json) return null;
  try {
    return JSON.parse(source.media_json) as MediaInfo;
  } catch {
    return null;
  }
}

/** Decides how a media source reaches the browser. Pure. Without stored MediaInfo, trusts the extension. */
export function planPlayback(source: SourceRecord): PlaybackPlan {
  const ext = path.extname(source.path).toLowerCase();
  const info = mediaInfoOf(source);
  const container = playableContainers[ext];
  const videoOk = !info?.has_video || playableVideo.has(info.video_codec ?? '');
  const audioOk = !info?.has_audio || playableAudio.has(info.audio_codec ?? '');
  const pcmOutsideWav = ext !== '.wav' && (info?.audio_codec ?? '').startsWith('pcm_');
  if (container && (info === null || (videoOk && audioOk && !pcmOutsideWav))) return { kind: 'direct', contentType: container };
  const hasVideo = info ? info.has_video : true;
  const hasAudio = info ? info.has_audio : true;
  return {
    kind: 'proxy',
    contentType: hasVideo ? 'video/mp4' : 'audio/mp4',
    video: !hasVideo ? 'none' : info && mp4Video.has(info.video_codec ?? '') ? 'copy' : 'encode',
    audio: !hasAudio ? 'none' : info && mp4Audio.has(info.audio_codec ?? '') ? 'copy' : 'encode',
    startTc: info?.start_tc ?? null,
  };
}

/** Where the proxy of a source lives: one file per (source, content hash). */
export function proxyPathFor(home: string, source: SourceRecord): string {
  return path.join(home, 'proxies', `${source.id}-${source.hash.slice(0, 16)}.mp4`);
}

/** The ffmpeg arguments that turn `input` into a browser proxy at `output`. Pure. */
export function proxyArgs(input: string, output: string, plan: Extract<PlaybackPlan, { kind: 'proxy' }>): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', input, '-map_metadata', '0'];
  if (plan.video === 'none') args.push('-vn');
  else {
    args.push('-map', '0:v:0');
    if (plan.video === 'copy') args.push('-c:v', 'copy');
    else args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p', '-vf', "scale=-2:'min(720,ih)'");
    if (plan.startTc) args.push('-timecode', plan.startTc);
  }
  if (plan.audio === 'none') args.push('-an');
  else {
    args.push('-map', '0:a:0');
    if (plan.audio === 'copy') args.push('-c:a', 'copy');
    else args.push('-c:a', 'aac', '-b:a', '160k', '-ac', '2');
  }
  args.push('-movflags', '+faststart', '-f', 'mp4', output);
  return args;
}

/** Where a source's browser playback stands (GET /media/:sourceId/playback). */
export interface PlaybackStatus {
  /** direct: the file itself plays; proxy: a proxy is (or will be) played. */
  kind: PlaybackPlan['kind'];
  /** True when GET /media/:sourceId answers at once. */
  ready: boolean;
  /** Share of the proxy made so far, 0..1, while it is being made; null otherwise or when unknown. */
  progress: number | null;
  /** Why the last attempt to make the proxy failed, or null. */
  error: string | null;
}

const inFlight = new Map<string, Promise<string>>();
const progressOf = new Map<string, number>();
const failures = new Map<string, string>();
/** Proxies are made one at a time: two transcodes at once on a studio laptop help nobody. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The proxy file of `source`, made now if it does not exist yet (concurrent requests share one job).
 * @throws DarkroomError MEDIA_FAILED naming the file and ffmpeg's reason.
 */
export function ensureProxy(options: {
  home: string;
  source: SourceRecord;
  plan: Extract<PlaybackPlan, { kind: 'proxy' }>;
  tools: MediaTools;
  /** Called with the share made so far (0..1) while this call's job runs. */
  onProgress?: (fraction: number) => void;
}): Promise<string> {
  const target = proxyPathFor(options.home, options.source);
  if (existsSync(target)) return Promise.resolve(target);
  const running = inFlight.get(target);
  if (running) return running;
  failures.delete(target);
  const duration = options.source.duration_s ?? mediaInfoOf(options.source)?.duration_s ?? null;
  const job = queue
    .then(() =>
      makeProxy(options.source.path, target, options.plan, options.tools, (seconds) => {
        if (!duration) return;
        const fraction = Math.min(1, seconds / duration);
        progressOf.set(target, fraction);
        options.onProgress?.(fraction);
      }),
    )
    .catch((err: unknown) => {
      failures.set(target, (err as Error).message);
      throw err;
    })
    .finally(() => {
      inFlight.delete(target);
      progressOf.delete(target);
    });
  queue = job.catch(() => undefined);
  inFlight.set(target, job);
  return job;
}

/** Where the playback of `source` stands; with `start`, begins making its proxy when it needs one. */
export function playbackStatus(options: { home: string; source: SourceRecord; tools: () => MediaTools; start: boolean }): PlaybackStatus {
  const plan = planPlayback(options.source);
  if (plan.kind === 'direct') return { kind: 'direct', ready: true, progress: null, error: null };
  const target = proxyPathFor(options.home, options.source);
  if (existsSync(target)) return { kind: 'proxy', ready: true, progress: null, error: null };
  if (options.start && !inFlight.has(target) && !failures.has(target)) {
    ensureProxy({ home: options.home, source: options.source, plan, tools: options.tools() }).catch(() => undefined);
  }
  return { kind: 'proxy', ready: false, progress: progressOf.get(target) ?? (inFlight.has(target) ? 0 : null), error: failures.get(target) ?? null };
}

async function makeProxy(input: string, target: string, plan: Extract<PlaybackPlan, { kind: 'proxy' }>, tools: MediaTools, onTime: (seconds: number) => void): Promise<string> {
  if (existsSync(target)) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.part-${process.pid}`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tools.ffmpeg, ['-progress', 'pipe:1', '-nostats', ...proxyArgs(input, partial, plan)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const m = [...chunk.toString().matchAll(/out_time=(\d+):(\d+):(\d+(?:\.\d+)?)/g)].pop();
      if (m) onTime(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]));
    });
    child.on('error', (cause) => reject(new DarkroomError('MEDIA_FAILED', `Cannot run ffmpeg (${tools.ffmpeg}) to make a browser proxy of ${input}. Set DARKROOM_FFMPEG to a working ffmpeg.`, { cause })));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const reason = stderr.trim().split('\n').pop() ?? `exit code ${code}`;
        reject(new DarkroomError('MEDIA_FAILED', `ffmpeg could not make a browser proxy of ${input} (${reason}). Check that the file plays in a media player; re-export it as H.264/AAC if it does not.`));
      }
    });
  }).catch((err: unknown) => {
    rmSync(partial, { force: true });
    throw err;
  });
  renameSync(partial, target);
  return target;
}
