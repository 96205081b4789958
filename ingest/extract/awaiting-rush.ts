/**
 * The one passage a rush holds while it awaits a transcript: its metadata in words (file name, reel, start
 * timecode, frame rate, length, date, folder, audio streams), so that it is listed, played and found by name,
 * reel, date or folder before anyone has transcribed it. Pure.
 */
import path from 'node:path';
import type { MediaInfo } from '../../core/types.ts';

export interface AwaitingRushFacts {
  /** Absolute path of the rush. */
  file: string;
  media: MediaInfo;
  /** The file's modification time, the date used when the container records none. */
  modified: Date;
}

/** The sentence a passage of an awaiting rush is searched and shown by. */
export function describeAwaitingRush({ file, media, modified }: AwaitingRushFacts): string {
  const name = path.basename(file);
  const words = path.basename(file, path.extname(file)).replace(/[_.-]+/g, ' ').trim();
  const folder = path.dirname(file);
  const folderWords = path.basename(folder).replace(/[_.-]+/g, ' ').trim();
  const recorded = dateOf(media.creation_time) ?? modified.toISOString().slice(0, 10);
  const parts = [
    `Rush awaiting transcript: ${name} (${words})`,
    media.reel ? `reel ${media.reel}` : null,
    media.clip_name ? `clip ${media.clip_name}` : null,
    media.start_tc ? `start timecode ${media.start_tc}` : null,
    media.fps ? `${media.fps} fps` : null,
    `${formatLength(media.duration_s)} long`,
    `${media.creation_time ? 'recorded' : 'file dated'} ${recorded}`,
    `folder ${folder}${folderWords ? ` (${folderWords})` : ''}`,
    describeAudio(media),
    media.has_video ? `video ${media.video_codec ?? 'unknown codec'}${media.width && media.height ? ` ${media.width}x${media.height}` : ''}` : 'no video',
  ];
  return parts.filter((p): p is string => p !== null).join(', ') + '.';
}

function describeAudio(media: MediaInfo): string {
  const streams = media.audio_streams ?? (media.has_audio ? 1 : 0);
  if (streams === 0) return 'no audio stream';
  const channels = media.audio_channels ? `, ${media.audio_channels} ${media.audio_channels === 1 ? 'channel' : 'channels'}` : '';
  return `${streams} audio ${streams === 1 ? 'stream' : 'streams'} (${media.audio_codec ?? 'unknown codec'}${channels})`;
}

/** "2013-01-23" from an ISO date-time, or null. */
function dateOf(value: string | null): string | null {
  const m = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return m?.[1] ?? null;
}

/** "46.4 s" or "12 min 05 s". */
function formatLength(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}
