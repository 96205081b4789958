/**
 * The check shared by the formats that link clips to files (EDL, FCPXML, Final Cut Pro 7 XML): a select
 * whose source is a transcript (no media) has no frames to cut, so it is refused before anything is written.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { ExportTimeline } from './types.ts';

/** @throws DarkroomError INPUT_INVALID naming the first transcript-only clip, the format and the fix. */
export function assertAllMedia(timeline: ExportTimeline, format: string): void {
  const notMedia = timeline.events.find((e) => !e.clip.isMedia);
  if (notMedia) {
    throw new DarkroomError(
      'INPUT_INVALID',
      `${notMedia.clip.clipName} is a transcript, not a media file, so ${format} cannot cut it. Ingest the rush itself and select its passages, or export markers or subtitles (premiere-markers, resolve-markers, avid-locators, srt, vtt), which need no media.`,
    );
  }
}
