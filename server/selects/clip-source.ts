/**
 * A source row as the exports and the edit-suite protocol need it: its media facts (start timecode, frame
 * rate, reel, duration) from the ffprobe info stored at ingestion, or, for a transcript with no media, none.
 */
import path from 'node:path';
import { frameRateFrom, type FrameRate } from '../../core/timecode.ts';
import type { MediaInfo, SourceRecord } from '../../core/types.ts';
import type { ClipSource } from '../exports/build-timeline.ts';

/** The stored ffprobe facts of a media source, or null. */
export function mediaInfoOf(source: SourceRecord): MediaInfo | null {
  if (!source.media_json) return null;
  try {
    return JSON.parse(source.media_json) as MediaInfo;
  } catch {
    return null;
  }
}

/** The file's frame rate, or null when it has none (audio, transcripts) or it is unreadable. */
export function sourceRate(media: MediaInfo | null): FrameRate | null {
  const rate = media?.fps_rational ?? media?.fps ?? null;
  if (rate === null || rate === '0/0') return null;
  try {
    return frameRateFrom(rate, media?.drop_frame === true);
  } catch {
    return null;
  }
}

export function toClipSource(source: SourceRecord): ClipSource {
  const media = mediaInfoOf(source);
  return {
    path: source.path,
    clipName: path.basename(source.path),
    reel: media?.reel ?? null,
    isMedia: source.kind === 'media' && media !== null,
    hasVideo: media ? media.has_video : true,
    hasAudio: media ? media.has_audio : true,
    width: media?.width ?? null,
    height: media?.height ?? null,
    rate: sourceRate(media),
    startTc: media?.start_tc ?? null,
    // A transcript's duration is where its last cue ends, not the length of its media: handles are not clamped to it.
    durationS: media?.duration_s ?? null,
  };
}
