/**
 * Clip references: a passage located on the studio storage with its source timecode in/out, computed the
 * way the exports compute them (in = the frame showing at start_s, out = the first frame boundary at or after end_s).
 */
import { pathToFileURL } from 'node:url';
import type { CitedQuote } from '../../core/protocol/chat.ts';
import type { Archive } from '../../core/store/archive.ts';
import { formatTimecode, timecodeAt, type FrameRate } from '../../core/timecode.ts';
import type { SourceRecord } from '../../core/types.ts';
import { placeClip } from '../exports/build-timeline.ts';
import { toReelName } from '../exports/sanitize.ts';
import { mediaInfoOf, toClipSource } from '../selects/clip-source.ts';
import type { ClipReference } from './edit-suite-protocol.ts';

/** What a clip reference is made from: a search hit, a citation or a passage row. */
export interface PassageLike {
  passage_id: string;
  source_id: string;
  corpus: string;
  kind: ClipReference['kind'];
  title: string;
  path: string;
  start_s: number | null;
  end_s: number | null;
  speaker: string | null;
  text: string;
  /** Where the searched words are spoken (search hits and citations). */
  match_s?: number | null | undefined;
  /** An answer's quotations of the passage, with their moments (citations). */
  quotes?: CitedQuote[] | undefined;
}

/** The source timecode at `seconds` into the file (null without a frame rate, or when it cannot be computed). */
function tcAt(rate: FrameRate | null, startTc: string | null, seconds: number | null | undefined): string | null {
  if (!rate || seconds === null || seconds === undefined) return null;
  try {
    return timecodeAt(startTc ?? (rate.dropFrame ? '00:00:00;00' : '00:00:00:00'), seconds, rate);
  } catch {
    return null;
  }
}

export function toClipReference(p: PassageLike, source: SourceRecord | null): ClipReference {
  const media = source ? mediaInfoOf(source) : null;
  const clip = source ? toClipSource(source) : null;
  let tc_in: string | null = null;
  let tc_out: string | null = null;
  if (clip?.rate && p.start_s !== null && p.end_s !== null) {
    try {
      const placed = placeClip({ id: p.passage_id, start_s: p.start_s, end_s: p.end_s, handle_before_s: 0, handle_after_s: 0, speaker: null, text: '' }, clip, clip.rate);
      tc_in = formatTimecode(placed.markIn, clip.rate);
      tc_out = formatTimecode(placed.markOut, clip.rate);
    } catch {
      tc_in = null;
      tc_out = null;
    }
  }
  const clipName = p.path.split(/[\\/]/).pop() ?? p.path;
  return {
    passage_id: p.passage_id,
    source_id: p.source_id,
    corpus: source?.corpus ?? p.corpus,
    kind: p.kind,
    title: p.title,
    path: p.path,
    file_url: pathToFileURL(p.path).href,
    clip_name: clipName,
    reel: toReelName(media?.reel ?? null, clipName),
    start_s: p.start_s,
    end_s: p.end_s,
    tc_in,
    tc_out,
    match_s: p.match_s ?? p.start_s,
    match_tc: tcAt(clip?.rate ?? null, clip?.startTc ?? null, p.match_s ?? p.start_s),
    ...(p.quotes
      ? { quotes: p.quotes.map((q) => ({ text: q.text, verified: q.verified, start_s: q.start_s ?? null, end_s: q.end_s ?? null, tc: tcAt(clip?.rate ?? null, clip?.startTc ?? null, q.start_s) })) }
      : {}),
    start_tc: clip?.rate ? (media?.start_tc ?? null) : null,
    fps: clip?.rate ? (media?.fps ?? null) : null,
    fps_rational: clip?.rate ? `${clip.rate.rational[0]}/${clip.rate.rational[1]}` : null,
    drop_frame: clip?.rate?.dropFrame ?? false,
    speaker: p.speaker,
    text: p.text,
  };
}

/** Clip references for many passages, reading each source row once. */
export async function toClipReferences<T extends PassageLike>(archive: Archive, passages: T[], extra: (p: T) => Partial<ClipReference> = () => ({})): Promise<ClipReference[]> {
  const sources = new Map<string, SourceRecord | null>();
  for (const id of new Set(passages.map((p) => p.source_id))) sources.set(id, await archive.getSource(id));
  return passages.map((p) => ({ ...toClipReference(p, sources.get(p.source_id) ?? null), ...extra(p) }));
}
