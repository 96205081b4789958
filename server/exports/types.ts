/**
 * The shapes the export writers share: a clip placed on a record timeline. Writers are pure: they take an
 * {@link ExportTimeline} and return the text of a file; all frame counts are whole frames at the timeline rate.
 */
import type { FrameRate } from '../../core/timecode.ts';

/** Export formats, as named on the CLI, in HTTP `?format=` and in the edit-suite protocol. */
export const exportFormatNames = ['edl', 'fcpxml', 'premiere-xml', 'premiere-markers', 'resolve-markers', 'avid-locators', 'srt', 'vtt'] as const;
export type ExportFormat = (typeof exportFormatNames)[number];

/** What an export says of a clip's file. */
export interface ClipFile {
  /** Absolute path of the media (or transcript) file on the studio storage. */
  path: string;
  /** The file name, as NLEs show a clip (`* FROM CLIP NAME:`, FCPXML asset name). */
  clipName: string;
  /** The reel or tape name the source carries (ffprobe `reel_name`), or null; sanitised on export. */
  reel: string | null;
  /** True when the source is a media file (FCPXML links only media). */
  isMedia: boolean;
  hasVideo: boolean;
  hasAudio: boolean;
  width: number | null;
  height: number | null;
}

/** One selected passage resolved against its source file, in frames at the timeline rate. */
export interface ExportClip extends ClipFile {
  /** The select's id. */
  id: string;
  /** Frame count of the file's first frame (its start timecode). */
  startFrame: number;
  /** Frames in the whole file, or null when unknown. */
  durationFrames: number | null;
  /** Source in and out (exclusive), absolute frame counts (start timecode included), handles included. */
  inFrame: number;
  outFrame: number;
  /** The passage itself (without handles), absolute frame counts: where markers and subtitles go. */
  markIn: number;
  markOut: number;
  speaker: string | null;
  text: string;
}

/** A clip placed on the record timeline. */
export interface TimelineEvent {
  /** 1-based event number. */
  n: number;
  clip: ExportClip;
  /** Reel name as written to EDLs: at most 8 characters of [A-Z0-9_], unique per source file. */
  reel: string;
  /** Record in and out (exclusive), frame counts on the record timeline (its start timecode included). */
  recIn: number;
  recOut: number;
}

/** A record timeline: events back to back from `startFrame` (01:00:00:00). */
export interface ExportTimeline {
  title: string;
  rate: FrameRate;
  /** Frame count of the record timeline's first frame (01:00:00:00 at the timeline rate). */
  startFrame: number;
  events: TimelineEvent[];
}
