/**
 * DaVinci Resolve timeline markers as an EDL (Timeline > Import > Timeline Markers from EDL): one event per
 * marker at its record timecode, followed by Resolve's marker line ` |C:ResolveColorBlue |M:name |D:frames`.
 * Each select's marker sits where its passage starts (after the handle) and lasts as long as the passage.
 */
import { oneLine } from './sanitize.ts';
import { assertEventCount, edlEventLine, edlHeader } from './write-edl.ts';
import type { ExportTimeline } from './types.ts';

/** Marker colours Resolve reads from an EDL; speakers cycle through these. */
export const resolveColors = ['Blue', 'Cyan', 'Green', 'Yellow', 'Red', 'Pink', 'Purple', 'Fuchsia', 'Rose', 'Lavender', 'Sky', 'Mint', 'Lemon', 'Sand', 'Cocoa', 'Cream'] as const;

export function writeResolveMarkers(timeline: ExportTimeline): string {
  assertEventCount(timeline);
  const lines = edlHeader(timeline);
  const speakers = new Map<string, number>();
  for (const event of timeline.events) {
    const at = event.recIn + (event.clip.markIn - event.clip.inFrame);
    const frames = event.clip.markOut - event.clip.markIn;
    const speaker = event.clip.speaker ?? '';
    if (!speakers.has(speaker)) speakers.set(speaker, speakers.size);
    const color = resolveColors[(speakers.get(speaker) ?? 0) % resolveColors.length] ?? 'Blue';
    const name = oneLine((event.clip.speaker ? `${event.clip.speaker}: ` : '') + event.clip.text, 200).replace(/\|/g, '/');
    lines.push(edlEventLine(timeline, event.n, '001', 'V', [at, at + 1], [at, at + 1]));
    lines.push(` |C:ResolveColor${color} |M:${name} |D:${frames}`);
    lines.push('');
  }
  return lines.join('\n');
}
