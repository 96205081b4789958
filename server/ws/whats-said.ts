/**
 * "What is said here?": given a source (id or path) and a timecode (or seconds), the passage spoken at that
 * moment and those around it. The timecode is read at the file's own frame rate; a panel that says which
 * rate it counts at gets FRAME_RATE_MISMATCH when that is not the file's.
 */
import path from 'node:path';
import { DarkroomError } from '../../core/errors.ts';
import type { Archive } from '../../core/store/archive.ts';
import { sqlString } from '../../core/store/schema.ts';
import { formatTimecode, frameRateFrom, parseTimecode, secondsToFrames, type FrameRate } from '../../core/timecode.ts';
import type { SourceKind, SourceRecord } from '../../core/types.ts';
import { formatExportRate, sameRate } from '../exports/export-rate.ts';
import { toClipSource } from '../selects/clip-source.ts';
import { toClipReference } from './clip-reference.ts';
import type { ClipReference } from './edit-suite-protocol.ts';
import { unknownSource } from '../../core/access/missing.ts';

export interface WhatsSaidRequest {
  source: string;
  tc?: string | undefined;
  seconds?: number | undefined;
  fps?: number | string | undefined;
  before: number;
  after: number;
}

export interface WhatsSaidResult {
  source: { source_id: string; corpus: string; path: string; title: string; kind: SourceKind; duration_s: number | null; start_tc: string | null; fps_rational: string | null; drop_frame: boolean };
  /** The moment asked about, in seconds from the start of the file, and as source timecode when the file has one. */
  at: { seconds: number; tc: string | null };
  /** The passages around that moment, in order. */
  clips: ClipReference[];
  /** Index in `clips` of the passage spoken at that moment; null when the moment falls between passages. */
  current: number | null;
}

export async function whatsSaid(archive: Archive, req: WhatsSaidRequest): Promise<WhatsSaidResult> {
  const source = await findSource(archive, req.source);
  const clip = toClipSource(source);
  const rate = clip.rate;
  let seconds: number;
  if (req.tc !== undefined) {
    if (!rate) {
      throw new DarkroomError('TIMECODE_INVALID', `${source.path} has no frame rate or timecode (audio or a transcript). Ask with "seconds" instead of "tc".`);
    }
    if (req.fps !== undefined) checkRate(req.fps, rate, source.path);
    const start = clip.startTc ?? '00:00:00:00';
    seconds = ((parseTimecode(req.tc, rate) - parseTimecode(start, rate)) * rate.rational[1]) / rate.rational[0];
  } else {
    seconds = req.seconds ?? 0;
  }
  const duration = clip.durationS;
  if (seconds < 0 || (duration !== null && seconds > duration)) {
    const span = rate && duration !== null ? `${formatTimecode(parseTimecode(clip.startTc ?? '00:00:00:00', rate), rate)} to ${formatTimecode(parseTimecode(clip.startTc ?? '00:00:00:00', rate) + secondsToFrames(duration, rate), rate)}` : `0 to ${duration?.toFixed(3) ?? '?'} s`;
    throw new DarkroomError('TIMECODE_INVALID', `${req.tc ?? `${req.seconds} s`} is outside ${path.basename(source.path)}, which runs from ${span}. Give a timecode inside the media.`);
  }

  const table = await archive.passages();
  const rows = table
    ? ((await archive.readLatest(() => table
        .query()
        .where(`source_id = ${sqlString(source.id)}`)
        .select(['id', 'corpus', 'source_id', 'source_path', 'title', 'kind', 'ordinal', 'start_s', 'end_s', 'speaker', 'text'])
        .toArray())) as Array<Record<string, unknown>>)
    : [];
  const passages = rows
    .filter((r) => r.start_s !== null && r.start_s !== undefined)
    .map((r) => ({
      passage_id: String(r.id),
      source_id: String(r.source_id),
      corpus: String(r.corpus),
      kind: String(r.kind) as SourceKind,
      title: String(r.title),
      path: String(r.source_path),
      start_s: Number(r.start_s),
      end_s: r.end_s === null || r.end_s === undefined ? Number(r.start_s) : Number(r.end_s),
      speaker: r.speaker === null || r.speaker === undefined ? null : String(r.speaker),
      text: String(r.text),
    }))
    .sort((a, b) => a.start_s - b.start_s);
  const containing = passages.findIndex((p) => p.start_s <= seconds && seconds < p.end_s);
  let anchor = containing;
  if (anchor < 0) {
    const next = passages.findIndex((p) => p.start_s > seconds);
    anchor = next < 0 ? passages.length - 1 : next;
  }
  const from = Math.max(0, anchor - req.before);
  const chosen = passages.slice(from, anchor + req.after + 1);
  return {
    source: { source_id: source.id, corpus: source.corpus, path: source.path, title: source.title, kind: source.kind, duration_s: duration, start_tc: rate ? clip.startTc : null, fps_rational: rate ? `${rate.rational[0]}/${rate.rational[1]}` : null, drop_frame: rate?.dropFrame ?? false },
    at: { seconds, tc: rate ? formatTimecode(parseTimecode(clip.startTc ?? '00:00:00:00', rate) + secondsToFrames(seconds, rate), rate) : null },
    clips: chosen.map((p) => toClipReference(p, source)),
    current: containing < 0 ? null : containing - from,
  };
}

/** A source by id, or by absolute path. @throws DarkroomError SOURCE_UNKNOWN. */
export async function findSource(archive: Archive, idOrPath: string): Promise<SourceRecord> {
  const byId = await archive.getSource(idOrPath);
  if (byId) return byId;
  const wanted = path.resolve(idOrPath);
  const byPath = (await archive.listSources()).find((s) => s.path === wanted);
  if (byPath) return byPath;
  throw unknownSource(idOrPath);
}

/** The panel's rate must be the file's (drop-frame or not is read from the timecode itself). */
function checkRate(fps: number | string, fileRate: FrameRate, file: string): void {
  let panel: FrameRate;
  try {
    panel = frameRateFrom(fps);
  } catch (cause) {
    throw new DarkroomError('INPUT_INVALID', `fps ${JSON.stringify(fps)} is not a frame rate. Send e.g. 25, 29.97 or "30000/1001".`, { cause });
  }
  if (!sameRate(panel, { ...fileRate, dropFrame: false })) {
    throw new DarkroomError(
      'FRAME_RATE_MISMATCH',
      `The panel counts at ${formatExportRate(panel).replace(/n?df$/, '')} fps but ${path.basename(file)} runs at ${formatExportRate(fileRate)}. Read the timecode at the file's rate (or send "seconds").`,
    );
  }
}
