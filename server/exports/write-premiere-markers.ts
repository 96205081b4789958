/**
 * Premiere Pro markers as the tab-separated list Premiere itself writes (File > Export > Markers, CSV):
 * `Marker Name, Description, In, Out, Duration, Marker Type`, record timecodes, one comment marker per select
 * spanning its passage. Premiere has no built-in marker import: marker-import panels read this layout, and
 * the EDL export brings the cuts themselves into Premiere.
 */
import { formatTimecode } from '../../core/timecode.ts';
import { oneLine } from './sanitize.ts';
import { assertEventCount } from './write-edl.ts';
import type { ExportTimeline } from './types.ts';

export const premiereMarkerColumns = ['Marker Name', 'Description', 'In', 'Out', 'Duration', 'Marker Type'] as const;

export function writePremiereMarkers(timeline: ExportTimeline): string {
  assertEventCount(timeline);
  const tc = (f: number) => formatTimecode(f, timeline.rate);
  const cell = (s: string) => oneLine(s, 1000).replace(/\t/g, ' ');
  const rows = timeline.events.map((event) => {
    const at = event.recIn + (event.clip.markIn - event.clip.inFrame);
    const frames = event.clip.markOut - event.clip.markIn;
    const name = event.clip.speaker ? `${event.clip.speaker} (${event.clip.clipName})` : event.clip.clipName;
    return [cell(name), cell(event.clip.text), tc(at), tc(at + frames), tc(frames), 'Comment'].join('\t');
  });
  return [premiereMarkerColumns.join('\t'), ...rows].join('\n') + '\n';
}
