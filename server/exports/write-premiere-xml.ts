/**
 * Final Cut Pro 7 XML (xmeml version 4), the interchange Premiere Pro imports natively (File > Import):
 * one sequence starting at 01:00:00:00 with one video and one audio clip per select (linked), each
 * pointing at its file (`pathurl`, start timecode, reel), and a sequence marker over every passage
 * (name: the speaker or clip, comment: the words). Frame counts: `start`/`end` on the sequence (from 0),
 * `in`/`out` in the file (from its first frame); rate = nominal timebase + `ntsc` for 1001 rates.
 * Audio is described as two channels (ffprobe facts stored at ingestion do not count channels); Premiere
 * reads the real layout from the file when it links the media.
 */
import { pathToFileURL } from 'node:url';
import { formatTimecode } from '../../core/timecode.ts';
import { oneLine } from './sanitize.ts';
import { assertEventCount } from './write-edl.ts';
import { assertAllMedia } from './assert-all-media.ts';
import type { ExportClip, ExportTimeline, TimelineEvent } from './types.ts';

export function writePremiereXml(timeline: ExportTimeline): string {
  assertEventCount(timeline);
  assertAllMedia(timeline, 'Final Cut Pro 7 XML');
  const { rate } = timeline;
  const rateXml = `<rate><timebase>${rate.fps}</timebase><ntsc>${rate.rational[1] === 1001 ? 'TRUE' : 'FALSE'}</ntsc></rate>`;
  const tcFormat = rate.dropFrame ? 'DF' : 'NDF';
  const timecodeXml = (frame: number, reel?: string) =>
    `<timecode>${rateXml}<string>${formatTimecode(frame, rate)}</string><frame>${frame}</frame><displayformat>${tcFormat}</displayformat>${reel ? `<reel><name>${esc(reel)}</name></reel>` : ''}</timecode>`;
  const last = timeline.events[timeline.events.length - 1];
  const total = (last?.recOut ?? timeline.startFrame) - timeline.startFrame;
  const firstVideo = timeline.events.find((e) => e.clip.hasVideo)?.clip;

  const files = new Map<string, string>();
  const fileXml = (event: TimelineEvent): string => {
    const { clip } = event;
    const known = files.get(clip.path);
    if (known) return `<file id="${known}"/>`;
    const id = `file-${files.size + 1}`;
    files.set(clip.path, id);
    const media = [
      clip.hasVideo ? `<video><samplecharacteristics>${rateXml}<width>${clip.width ?? 1920}</width><height>${clip.height ?? 1080}</height></samplecharacteristics></video>` : '',
      clip.hasAudio ? '<audio><channelcount>2</channelcount></audio>' : '',
    ].join('');
    return `<file id="${id}"><name>${esc(clip.clipName)}</name><pathurl>${esc(pathUrl(clip))}</pathurl>${rateXml}<duration>${fileDuration(clip)}</duration>${timecodeXml(clip.startFrame, event.reel)}<media>${media}</media></file>`;
  };
  const links = (i: number, clip: ExportClip) =>
    [clip.hasVideo ? `<link><linkclipref>video-${i}</linkclipref><mediatype>video</mediatype><trackindex>1</trackindex><clipindex>${i}</clipindex></link>` : '', clip.hasAudio ? `<link><linkclipref>audio-${i}</linkclipref><mediatype>audio</mediatype><trackindex>1</trackindex><clipindex>${i}</clipindex></link>` : ''].join('');
  const clipitem = (kind: 'video' | 'audio', event: TimelineEvent) => {
    const { clip } = event;
    const audio = kind === 'audio' ? '<sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>' : '';
    return (
      `        <clipitem id="${kind}-${event.n}"><name>${esc(clip.clipName)}</name><enabled>TRUE</enabled><duration>${fileDuration(clip)}</duration>${rateXml}` +
      `<start>${event.recIn - timeline.startFrame}</start><end>${event.recOut - timeline.startFrame}</end><in>${clip.inFrame - clip.startFrame}</in><out>${clip.outFrame - clip.startFrame}</out>` +
      `${fileXml(event)}${audio}${links(event.n, clip)}</clipitem>`
    );
  };
  const videoItems = timeline.events.filter((e) => e.clip.hasVideo).map((e) => clipitem('video', e));
  const audioItems = timeline.events.filter((e) => e.clip.hasAudio).map((e) => clipitem('audio', e));
  const markers = timeline.events.map((e) => {
    const at = e.recIn - timeline.startFrame + (e.clip.markIn - e.clip.inFrame);
    const name = e.clip.speaker ?? e.clip.clipName;
    return `    <marker><name>${esc(oneLine(name, 120))}</name><comment>${esc(oneLine(e.clip.text, 2000))}</comment><in>${at}</in><out>${at + e.clip.markOut - e.clip.markIn}</out></marker>`;
  });

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE xmeml>',
    '<xmeml version="4">',
    '  <sequence id="sequence-1">',
    `    <name>${esc(oneLine(timeline.title, 200) || 'Darkroom selects')}</name>`,
    `    <duration>${total}</duration>`,
    `    ${rateXml}`,
    `    ${timecodeXml(timeline.startFrame)}`,
    '    <media>',
    `      <video><format><samplecharacteristics>${rateXml}<width>${firstVideo?.width ?? 1920}</width><height>${firstVideo?.height ?? 1080}</height></samplecharacteristics></format>`,
    '        <track>',
    ...videoItems.map((x) => `  ${x}`),
    '        </track>',
    '      </video>',
    '      <audio>',
    '        <track>',
    ...audioItems.map((x) => `  ${x}`),
    '        </track>',
    '      </audio>',
    '    </media>',
    ...markers,
    '  </sequence>',
    '</xmeml>',
    '',
  ].join('\n');
}

/** `file://localhost/…`, the form Premiere and Final Cut Pro 7 write. */
function pathUrl(clip: ExportClip): string {
  return pathToFileURL(clip.path).href.replace(/^file:\/\/\//, 'file://localhost/');
}

function fileDuration(clip: ExportClip): number {
  return clip.durationFrames ?? clip.outFrame - clip.startFrame;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
