/**
 * Media facts from ffprobe: duration, streams, frame rate, start timecode, reel/clip name, creation date.
 * {@link probeMedia} runs ffprobe; {@link mediaInfoFromProbe} turns its JSON into a MediaInfo (pure).
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { DarkroomError } from '../errors.ts';
import { frameRateFrom, isDropFrameCapable, isDropFrameTimecode, realFps } from '../timecode.ts';
import type { MediaInfo } from '../types.ts';
import type { MediaTools } from './tools.ts';

/** The parts of `ffprobe -show_streams -show_format -of json` that Darkroom reads. */
export interface ProbeData {
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    codec_tag_string?: string;
    channels?: number;
    width?: number;
    height?: number;
    r_frame_rate?: string;
    avg_frame_rate?: string;
    duration?: string;
    disposition?: { attached_pic?: number };
    tags?: Record<string, string>;
  }>;
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
}

/** Seconds before ffprobe is killed (a probe reads headers only; a hung probe means a broken file or mount). */
export const PROBE_TIMEOUT_MS = 30_000;

/**
 * Runs ffprobe on `file` and returns its MediaInfo.
 * @throws DarkroomError MEDIA_FAILED naming the file when ffprobe cannot read it (corrupt, empty, not media).
 */
export async function probeMedia(file: string, tools: MediaTools): Promise<MediaInfo> {
  if ((await stat(file)).size === 0) {
    throw new DarkroomError('MEDIA_FAILED', `${file} is empty (0 bytes): the copy failed or was interrupted. Copy it again from the card or the drive.`);
  }
  const data = await runProbe(file, tools);
  return mediaInfoFromProbe(data, file);
}

/** Runs ffprobe and returns its parsed JSON. */
export function runProbe(file: string, tools: MediaTools): Promise<ProbeData> {
  const args = ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file];
  return new Promise((resolve, reject) => {
    execFile(tools.ffprobe, args, { timeout: PROBE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = firstLine(stderr) || err.message;
        reject(new DarkroomError('MEDIA_FAILED', `${file}: ffprobe cannot read this file (${detail}). It is corrupt, truncated or not audio/video: re-export or re-copy it from the card.`, { cause: err }));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as ProbeData);
      } catch (cause) {
        reject(new DarkroomError('MEDIA_FAILED', `${file}: ffprobe printed output Darkroom cannot read. Check DARKROOM_FFPROBE points at a real ffprobe.`, { cause }));
      }
    });
  });
}

/**
 * MediaInfo from ffprobe JSON. Start timecode: a `tmcd` stream's `tags.timecode`, else any stream's, else
 * `format.tags.timecode`. Frame rate: the first video stream (not cover art). Reel: `reel_name`/`tape` tags.
 * @throws DarkroomError MEDIA_FAILED when the file has neither audio nor video, or no duration.
 */
export function mediaInfoFromProbe(data: ProbeData, file: string): MediaInfo {
  const streams = data.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) {
    throw new DarkroomError('MEDIA_FAILED', `${file}: no audio or video stream found. It is not a recording Darkroom can use; check the file.`);
  }
  const formatTags = lowerKeys(data.format?.tags);
  const streamTags = streams.map((s) => lowerKeys(s.tags));
  const tmcdIndex = streams.findIndex((s) => s.codec_tag_string === 'tmcd');
  const tagged = (key: string): string | null =>
    (tmcdIndex >= 0 ? streamTags[tmcdIndex]?.[key] : undefined) ?? streamTags.find((t) => t[key])?.[key] ?? formatTags[key] ?? null;

  const startTc = validTimecode(tagged('timecode'));
  const rational = video ? usableRate(video.r_frame_rate) ?? usableRate(video.avg_frame_rate) : null;
  const rate = rational ? frameRateFrom(rational) : null;
  const dropFrame = startTc !== null && rate !== null && isDropFrameTimecode(startTc) && isDropFrameCapable(rate.rational);
  const fps = rate ? Number(realFps(rate).toFixed(3)) : null;
  const duration = Number(data.format?.duration ?? audio?.duration ?? video?.duration ?? NaN);
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new DarkroomError('MEDIA_FAILED', `${file}: ffprobe found no duration (the file is empty or truncated). Re-copy it from the source.`);
  }
  return {
    duration_s: duration,
    fps,
    fps_rational: rational,
    drop_frame: dropFrame,
    start_tc: startTc,
    reel: tagged('reel_name') ?? tagged('reel') ?? tagged('tape_name') ?? tagged('tape') ?? reelFromFileName(file),
    clip_name: tagged('clip_name') ?? formatTags.title ?? null,
    creation_time: tagged('creation_time'),
    has_video: video !== undefined,
    has_audio: audio !== undefined,
    audio_streams: streams.filter((s) => s.codec_type === 'audio').length,
    audio_channels: audio?.channels ?? null,
    video_codec: video?.codec_name ?? null,
    audio_codec: audio?.codec_name ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
  };
}

/**
 * A camera-roll reel from a file name, as ARRI, RED and Blackmagic name their clips: `A001`, `A001C003_…`,
 * `rush_B012_take2.mov` -> A001, A001, B012. Null when the name has no such token.
 */
export function reelFromFileName(file: string): string | null {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = /(?:^|[^A-Za-z0-9])([A-Z]\d{3})(?:C\d{3})?(?=[^A-Za-z0-9]|$)/.exec(base.replace(/\.[^.]+$/, ''));
  return m?.[1] ?? null;
}

function lowerKeys(tags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) if (typeof v === 'string' && v.trim()) out[k.toLowerCase()] = v.trim();
  return out;
}

function validTimecode(value: string | null): string | null {
  return value !== null && /^\d{1,2}:\d{2}:\d{2}[:;.,]\d{2,3}$/.test(value) ? value : null;
}

function usableRate(value: string | undefined): string | null {
  if (!value) return null;
  const [num, den] = parseRational(value);
  return num > 0 && den > 0 ? value : null;
}

function parseRational(value: string): [number, number] {
  const [num, den] = value.split('/').map(Number);
  return [num ?? 0, den ?? 1];
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}
