/**
 * Avid Media Composer locators (Timeline > Markers window > Import Markers): one tab-separated line per
 * locator: user name, record timecode, track, colour, comment. Each select's locator sits where its
 * passage starts (after the handle); colours follow the speaker.
 */
import { formatTimecode } from '../../core/timecode.ts';
import { oneLine, toAscii } from './sanitize.ts';
import { assertEventCount } from './write-edl.ts';
import type { ExportTimeline } from './types.ts';

/** Locator colours Media Composer accepts on import; speakers cycle through them. */
export const avidColors = ['yellow', 'cyan', 'green', 'magenta', 'blue', 'red', 'white', 'black'] as const;
/** The user column of every locator. */
export const AVID_USER = 'Darkroom';

export function writeAvidLocators(timeline: ExportTimeline): string {
  assertEventCount(timeline);
  const speakers = new Map<string, number>();
  const lines = timeline.events.map((event) => {
    const at = event.recIn + (event.clip.markIn - event.clip.inFrame);
    const speaker = event.clip.speaker ?? '';
    if (!speakers.has(speaker)) speakers.set(speaker, speakers.size);
    const color = avidColors[(speakers.get(speaker) ?? 0) % avidColors.length] ?? 'yellow';
    const track = event.clip.hasVideo ? 'V1' : 'A1';
    const comment = oneLine(toAscii((event.clip.speaker ? `${event.clip.speaker}: ` : '') + event.clip.text), 240);
    return [AVID_USER, formatTimecode(at, timeline.rate), track, color, comment].join('\t');
  });
  return lines.join('\n') + '\n';
}
