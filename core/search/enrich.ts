/**
 * Adds what a hit needs from its source row: for media passages, the source timecode in/out and of the
 * matching moment, frame rate and reel, computed from the file's start timecode (see core/timecode.ts).
 * A media file without a start timecode counts from 00:00:00:00; one without video (no frame rate) gets
 * no timecode, only its seconds.
 */
import { createLogger } from '../logger.ts';
import type { Archive } from '../store/archive.ts';
import { frameRateFrom, timecodeAt, type FrameRate } from '../timecode.ts';
import type { MediaInfo, SearchHit } from '../types.ts';

const log = createLogger('search');

interface Timing {
  rate: FrameRate | null;
  startTc: string;
  fps: number | null;
  reel: string | null;
}

export async function enrichHits(archive: Archive, hits: SearchHit[]): Promise<SearchHit[]> {
  const ids = [...new Set(hits.filter((h) => h.kind === 'media' && h.start_s !== null).map((h) => h.source_id))];
  if (ids.length === 0) return hits;
  const timings = new Map<string, Timing>();
  await Promise.all(
    ids.map(async (id) => {
      const source = await archive.getSource(id);
      const timing = source?.media_json ? timingOf(source.media_json, id) : null;
      if (timing) timings.set(id, timing);
    }),
  );
  return hits.map((hit) => {
    const t = timings.get(hit.source_id);
    if (!t || hit.start_s === null) return hit;
    return {
      ...hit,
      fps: t.fps,
      reel: t.reel,
      tc_in: t.rate ? timecodeAt(t.startTc, hit.start_s, t.rate) : null,
      tc_out: t.rate ? timecodeAt(t.startTc, hit.end_s ?? hit.start_s, t.rate) : null,
      match_tc: t.rate && hit.match_s !== null && hit.match_s !== undefined ? timecodeAt(t.startTc, hit.match_s, t.rate) : null,
    };
  });
}

/** The frame rate, start timecode and reel of a media source; null (and a debug log) when unreadable. */
export function timingOf(mediaJson: string, sourceId = ''): Timing | null {
  try {
    const media = JSON.parse(mediaJson) as MediaInfo;
    const rate = media.fps_rational ? frameRateFrom(media.fps_rational, media.drop_frame) : null;
    const startTc = media.start_tc ?? (rate?.dropFrame ? '00:00:00;00' : '00:00:00:00');
    if (rate) timecodeAt(startTc, 0, rate);
    return { rate, startTc, fps: media.fps, reel: media.reel ?? media.clip_name ?? null };
  } catch (err) {
    log.debug('media timing unreadable', { source: sourceId, err });
    return null;
  }
}
