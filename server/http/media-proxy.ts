/**
 * Browser playback of registered media: which files a browser plays as they are, and a light H.264/AAC
 * proxy (MP4, faststart, at most 720 lines; made by core/media/proxy.ts, one at a time, each within a
 * time limit, so a hung ffmpeg is killed and the queue moves on) on first play for those it cannot (ProRes,
 * DNxHD, MXF, PCM in MOV, HEVC…). Proxies are cached under DARKROOM_HOME/proxies/, named after the
 * source id and its content hash, so a changed original gets a new proxy. The original's start timecode
 * and metadata (reel, clip name) are written into the proxy.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { VerifiedFile } from '../../core/files/file-identity.ts';
import { makeProxy, type ProxyPlan } from '../../core/media/proxy.ts';
import { ffmpegTimeoutFor, type MediaTools } from '../../core/media/tools.ts';
import type { MediaInfo, SourceRecord } from '../../core/types.ts';

/** How the browser gets a source: the file itself, or a proxy made with these stream operations. */
export type PlaybackPlan =
  | { kind: 'direct'; contentType: string }
  | ({ kind: 'proxy'; contentType: string } & ProxyPlan);

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
  /**
   * Opens the original and checks it is the ingested file (core/files/file-identity.ts), when the job starts;
   * ffmpeg then reads that descriptor. Without it, ffmpeg opens the path.
   */
  open?: () => Promise<VerifiedFile>;
  /** DARKROOM_FFMPEG_TIMEOUT in seconds; unset: proportional to the rush's length. */
  timeoutS?: number | undefined;
  /** Called with the share made so far (0..1) while this call's job runs. */
  onProgress?: (fraction: number) => void;
}): Promise<string> {
  const target = proxyPathFor(options.home, options.source);
  if (existsSync(target)) return Promise.resolve(target);
  const running = inFlight.get(target);
  if (running) return running;
  failures.delete(target);
  const duration = options.source.duration_s ?? mediaInfoOf(options.source)?.duration_s ?? null;
  const onTime = (seconds: number) => {
    if (!duration) return;
    const fraction = Math.min(1, seconds / duration);
    progressOf.set(target, fraction);
    options.onProgress?.(fraction);
  };
  const timeoutS = ffmpegTimeoutFor(options.timeoutS ?? options.tools.timeoutS, duration);
  const job = queue
    .then(async () => {
      const file = options.open ? await options.open() : null;
      try {
        return await makeProxy({ tools: options.tools, input: { path: options.source.path, fd: file?.handle.fd }, target, plan: options.plan, timeoutS, onTime });
      } finally {
        await file?.handle.close();
      }
    })
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
export function playbackStatus(options: {
  home: string;
  source: SourceRecord;
  tools: () => MediaTools;
  start: boolean;
  open?: () => Promise<VerifiedFile>;
  timeoutS?: number | undefined;
}): PlaybackStatus {
  const plan = planPlayback(options.source);
  if (plan.kind === 'direct') return { kind: 'direct', ready: true, progress: null, error: null };
  const target = proxyPathFor(options.home, options.source);
  if (existsSync(target)) return { kind: 'proxy', ready: true, progress: null, error: null };
  if (options.start && !inFlight.has(target) && !failures.has(target)) {
    const { home, source, open, timeoutS } = options;
    ensureProxy({ home, source, plan, tools: options.tools(), ...(open ? { open } : {}), timeoutS }).catch(() => undefined);
  }
  return { kind: 'proxy', ready: false, progress: progressOf.get(target) ?? (inFlight.has(target) ? 0 : null), error: failures.get(target) ?? null };
}
