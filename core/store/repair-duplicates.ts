/**
 * Repairs what two writers at once left in an archive written by a version without the writer lock: several
 * rows for one source id or one passage id. One row per id is kept, the newest (latest `ingested_at` for a
 * source, the highest row address, i.e. the latest write, for a passage), the others are deleted (by row id, so the
 * kept row is never touched). A source whose passages still do not add up to its recorded count is marked failed with a message,
 * so that the next ingest of its file re-reads it (its passages stay searchable meanwhile).
 *
 * Cheap when the archive is sound: the source ids are read (a small table), and the passages are only scanned
 * when the sources' recorded passage counts do not add up to the table's row count.
 */
import type { Archive } from './archive.ts';

export interface DuplicateRepair {
  /** Source rows deleted (extra rows of one source id). */
  source_rows: number;
  /** Passage rows deleted (extra rows of one passage id). */
  passage_rows: number;
  /** Sources marked failed because their passages did not match their record: ingest them again. */
  sources_to_reingest: number;
}

/** Rows per `_rowid IN (…)` delete. */
const DELETE_BATCH = 2000;

/** Keeps one row per source id and per passage id (the newest); see the module comment. */
export async function repairDuplicates(archive: Archive): Promise<DuplicateRepair> {
  const repair: DuplicateRepair = { source_rows: 0, passage_rows: 0, sources_to_reingest: 0 };
  const sources = await archive.sources();
  if (!sources) return repair;
  const sourceRows = (await sources.query().withRowId().select(['id', 'ingested_at']).toArray()) as Array<Record<string, unknown>>;
  const extraSources = extraRows(sourceRows, (a, b) => String(a.ingested_at).localeCompare(String(b.ingested_at)) || compareRowIds(a, b));
  if (extraSources.length > 0) {
    await deleteRowIds(sources, extraSources);
    repair.source_rows = extraSources.length;
  }

  const passages = await archive.passages();
  if (!passages) return repair;
  const recorded = await archive.listSources();
  const expected = recorded.reduce((n, s) => n + s.passages, 0);
  if ((await passages.countRows()) === expected) return repair;

  const rows: Array<Record<string, unknown>> = [];
  for await (const batch of passages.query().withRowId().select(['id', 'source_id'])) rows.push(...(batch.toArray() as Array<Record<string, unknown>>));
  const extraPassages = extraRows(rows, compareRowIds);
  if (extraPassages.length > 0) {
    await deleteRowIds(passages, extraPassages);
    repair.passage_rows = extraPassages.length;
  }

  // Passages per source after the repair, against what each source row recorded.
  const deleted = new Set(extraPassages.map((r) => String(r._rowid)));
  const stored = new Map<string, number>();
  for (const r of rows) if (!deleted.has(String(r._rowid))) stored.set(String(r.source_id), (stored.get(String(r.source_id)) ?? 0) + 1);
  const mismatched = recorded.filter((s) => s.state === 'ingested' && (stored.get(s.id) ?? 0) !== s.passages);
  if (mismatched.length > 0) {
    await archive.upsertSources(
      mismatched.map((s) => ({
        ...s,
        state: 'failed',
        passages: stored.get(s.id) ?? 0,
        error: `${s.path}: its passages were left inconsistent by two writers at once (an older Darkroom); ingest it again.`,
      })),
    );
    repair.sources_to_reingest = mismatched.length;
  }
  return repair;
}

/** Of rows grouped by `id`, every row but the greatest by `newer` (the ones to delete). */
function extraRows(rows: Array<Record<string, unknown>>, newer: (a: Record<string, unknown>, b: Record<string, unknown>) => number): Array<Record<string, unknown>> {
  const best = new Map<string, Record<string, unknown>>();
  const extra: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const id = String(row.id);
    const kept = best.get(id);
    if (!kept) best.set(id, row);
    else if (newer(row, kept) > 0) {
      extra.push(kept);
      best.set(id, row);
    } else extra.push(row);
  }
  return extra;
}

function compareRowIds(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const x = BigInt(a._rowid as bigint);
  const y = BigInt(b._rowid as bigint);
  return x > y ? 1 : x < y ? -1 : 0;
}

async function deleteRowIds(table: { delete(filter: string): Promise<unknown> }, rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += DELETE_BATCH) {
    await table.delete(`_rowid IN (${rows.slice(i, i + DELETE_BATCH).map((r) => String(r._rowid)).join(', ')})`);
  }
}

