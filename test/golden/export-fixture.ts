/**
 * The select list every golden export file is written from: three passages from two rushes (one with a reel
 * tag, one named after its camera card), handles on two of them, accents, a long answer, and the
 * characters that each format must escape. Sources run at the timeline rate.
 */
import { buildTimeline, placeClip, type ClipSource } from '../../server/exports/build-timeline.ts';
import { parseExportRate } from '../../server/exports/export-rate.ts';
import type { ExportTimeline } from '../../server/exports/types.ts';

/** Rates with golden files: 24, 25 and 29.97 drop-frame. */
export const goldenRates = ['24', '25', '29.97df'] as const;

export function rushA(rateName: string): ClipSource {
  const rate = parseExportRate(rateName);
  return {
    path: '/Volumes/Studio/Rushes/Day 1/rush_A001_stewart_letter_1913.mp4',
    clipName: 'rush_A001_stewart_letter_1913.mp4',
    reel: null,
    isMedia: true,
    hasVideo: true,
    hasAudio: true,
    width: 640,
    height: 360,
    rate,
    startTc: rate.dropFrame ? '10:00:00;00' : '10:00:00:00',
    durationS: 46.4,
  };
}

export function rushB(rateName: string): ClipSource {
  const rate = parseExportRate(rateName);
  return {
    path: '/Volumes/Studio/Rushes/Day 2/Interview Amélie (cam 2).mov',
    clipName: 'Interview Amélie (cam 2).mov',
    reel: 'Cam #2 Day-2',
    isMedia: true,
    hasVideo: true,
    hasAudio: true,
    width: 1920,
    height: 1080,
    rate,
    startTc: rate.dropFrame ? '14:59:58;00' : '14:59:58:00',
    durationS: 600,
  };
}

export function fixtureTimeline(rateName: string): ExportTimeline {
  const rate = parseExportRate(rateName);
  const clips = [
    placeClip(
      { id: 'sel_1', start_s: 1.04, end_s: 6.52, handle_before_s: 1, handle_after_s: 1, speaker: null, text: 'Dear Mrs. Coney, — I am afraid all my friends think I have forgotten them.' },
      rushA(rateName),
      rate,
    ),
    placeClip(
      {
        id: 'sel_2',
        start_s: 118.3,
        end_s: 131.9,
        handle_before_s: 0,
        handle_after_s: 2,
        speaker: 'Amélie Dupré',
        text: 'The river came up in the night & took the school — "everything", she said. <We rebuilt it> by spring; the teacher came back on Monday, and the children sat on boxes until the new benches arrived from town.',
      },
      rushB(rateName),
      rate,
    ),
    placeClip(
      { id: 'sel_3', start_s: 40.2, end_s: 46.4, handle_before_s: 0.5, handle_after_s: 3, speaker: null, text: 'To me, homesteading is the solution of all poverty\'s problems.' },
      rushA(rateName),
      rate,
    ),
  ];
  return buildTimeline('Flood film - selects v1', rate, clips);
}
