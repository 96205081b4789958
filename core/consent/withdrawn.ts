/** Which sources were withdrawn (consent withdrawn): ingestion skips them for good. */
import type { StateStore } from '../store/state/open-state.ts';

/** The ids of every withdrawn source. */
export function withdrawnSourceIds(state: StateStore): Set<string> {
  const rows = state.db.prepare('SELECT source_id FROM withdrawn_sources').all() as Array<{ source_id: string }>;
  return new Set(rows.map((r) => r.source_id));
}
