/**
 * FCPXML 1.10 (Final Cut Pro 10.6+, DaVinci Resolve: File > Import > Timeline): one format per frame size at
 * the timeline rate, one asset per source file (its `start` = the file's start timecode, its media-rep a
 * file:// URL of the studio path), and a project whose spine holds one asset-clip per select, back to back
 * from 01:00:00:00, each with a marker on its passage. Every time is a whole number of frames as a rational.
 */
import { pathToFileURL } from 'node:url';
import { DarkroomError } from '../../core/errors.ts';
import { frameDuration, toRationalTime } from './rational-time.ts';
import { assertAllMedia } from './assert-all-media.ts';
import { oneLine } from './sanitize.ts';
import type { ExportClip, ExportTimeline } from './types.ts';

export const FCPXML_VERSION = '1.10';
/** Frame size used when the source's is unknown (audio-only files, transcripts). */
const DEFAULT_SIZE = { width: 1920, height: 1080 } as const;

export function writeFcpxml(timeline: ExportTimeline): string {
  if (timeline.events.length === 0) {
    throw new DarkroomError('INPUT_INVALID', `The select list "${timeline.title}" is empty. Add passages to it before exporting.`);
  }
  assertAllMedia(timeline, 'FCPXML');
  const t = (frames: number) => toRationalTime(frames, timeline.rate);
  const tcFormat = timeline.rate.dropFrame ? 'DF' : 'NDF';

  const sizeOf = (c: ExportClip) => (c.hasVideo && c.width && c.height ? { width: c.width, height: c.height } : DEFAULT_SIZE);
  const formats = new Map<string, string>();
  const first = timeline.events.find((e) => e.clip.hasVideo)?.clip;
  const sizes = [first ? sizeOf(first) : DEFAULT_SIZE, ...timeline.events.map((e) => sizeOf(e.clip))];
  for (const size of sizes) {
    const key = `${size.width}x${size.height}`;
    if (!formats.has(key)) formats.set(key, `r${formats.size + 1}`);
  }
  const assets = new Map<string, { id: string; clip: ExportClip }>();
  for (const { clip } of timeline.events) {
    if (!assets.has(clip.path)) assets.set(clip.path, { id: `r${formats.size + assets.size + 1}`, clip });
  }

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE fcpxml>', '', `<fcpxml version="${FCPXML_VERSION}">`, '  <resources>'];
  for (const [key, id] of formats) {
    const [width, height] = key.split('x');
    out.push(`    <format id="${id}" frameDuration="${frameDuration(timeline.rate)}" width="${width}" height="${height}"/>`);
  }
  for (const { id, clip } of assets.values()) {
    const size = sizeOf(clip);
    const duration = clip.durationFrames ?? clip.outFrame - clip.startFrame;
    const attrs = [
      attr('id', id),
      attr('name', clip.clipName),
      attr('start', t(clip.startFrame)),
      attr('duration', t(duration)),
      attr('hasVideo', clip.hasVideo ? '1' : '0'),
      ...(clip.hasVideo ? [attr('format', formats.get(`${size.width}x${size.height}`) ?? 'r1')] : []),
      attr('hasAudio', clip.hasAudio ? '1' : '0'),
      ...(clip.hasAudio ? [attr('audioSources', '1')] : []),
    ];
    out.push(`    <asset ${attrs.join(' ')}>`);
    out.push(`      <media-rep kind="original-media" ${attr('src', pathToFileURL(clip.path).href)}/>`);
    out.push('    </asset>');
  }
  out.push('  </resources>');

  const last = timeline.events[timeline.events.length - 1];
  const total = (last?.recOut ?? timeline.startFrame) - timeline.startFrame;
  out.push('  <library>', `    <event ${attr('name', 'Darkroom selects')}>`, `      <project ${attr('name', oneLine(timeline.title, 200) || 'Darkroom selects')}>`);
  out.push(`        <sequence format="r1" duration="${t(total)}" tcStart="${t(timeline.startFrame)}" tcFormat="${tcFormat}">`, '          <spine>');
  for (const event of timeline.events) {
    const { clip } = event;
    const asset = assets.get(clip.path);
    out.push(
      `            <asset-clip ${[attr('ref', asset?.id ?? ''), attr('offset', t(event.recIn)), attr('name', clip.clipName), attr('start', t(clip.inFrame)), attr('duration', t(clip.outFrame - clip.inFrame)), attr('tcFormat', tcFormat)].join(' ')}>`,
    );
    const label = oneLine((clip.speaker ? `${clip.speaker}: ` : '') + clip.text, 250);
    out.push(`              <marker ${[attr('start', t(clip.markIn)), attr('duration', t(clip.markOut - clip.markIn)), attr('value', label)].join(' ')}/>`);
    out.push('            </asset-clip>');
  }
  out.push('          </spine>', '        </sequence>', '      </project>', '    </event>', '  </library>', '</fcpxml>', '');
  return out.join('\n');
}

function attr(name: string, value: string): string {
  return `${name}="${escapeXml(value)}"`;
}

function escapeXml(value: string): string {
  return value
    .replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}
