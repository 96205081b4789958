/**
 * Erasing passages from the archive so that no byte of them is left in its files. A LanceDB delete only marks
 * rows deleted: their bytes stay in the data fragments until compaction, in every old table version until
 * cleanup, and in full-text index files (which store the tokens) until the index is rebuilt. So, in order:
 * delete, compact (fragments rewritten without the rows), rebuild every index in place (`replace`), then clean
 * up every old version and unreferenced file at once. Each step is idempotent: a run killed anywhere is
 * completed by running it again. Runs under the archive's writer lock (the caller takes it): cleanup with
 * `deleteUnverified` removes files no version references, which is only safe when no other process writes.
 */
import * as lancedb from '@lancedb/lancedb';
import { DarkroomError } from '../errors.ts';
import type { Archive } from './archive.ts';
import { corpusTextTables, deleteCorpusText, ftsIndex } from './corpus-text.ts';
import { ftsColumns, sqlString } from './schema.ts';

/** Ids per SQL `IN (...)` list. */
const ID_CHUNK = 500;

/** What to erase: whole sources (their rows in `sources` too), or some passages of them (a speaker's). */
export interface EraseTarget {
  sourceIds: string[];
  /** With `wholeSources` false: the passages to erase (the sources stay, with their passage counts updated). */
  passageIds: string[];
  wholeSources: boolean;
}

/** Deletes the rows of `target` (nothing if already gone). Returns the number of passages deleted. */
export async function deleteTarget(archive: Archive, target: EraseTarget): Promise<number> {
  const passages = await archive.passages();
  let deleted = 0;
  try {
    if (passages) {
      const before = await passages.countRows();
      const [column, ids] = target.wholeSources ? ['source_id', target.sourceIds] : ['id', target.passageIds];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        await passages.delete(`${column} IN (${ids.slice(i, i + ID_CHUNK).map(sqlString).join(', ')})`);
      }
      deleted = before - (await passages.countRows());
    }
    if (target.wholeSources) await deleteCorpusText(archive, 'source_id', target.sourceIds);
    else await deleteCorpusText(archive, 'id', target.passageIds);
    const sources = await archive.sources();
    if (sources && target.sourceIds.length > 0) {
      if (target.wholeSources) {
        await sources.delete(`id IN (${target.sourceIds.map(sqlString).join(', ')})`);
      } else {
        const rows = await Promise.all(target.sourceIds.map((id) => archive.getSource(id)));
        const updated = [];
        for (const row of rows) {
          if (!row) continue;
          const left = passages ? await passages.countRows(`source_id = ${sqlString(row.id)}`) : 0;
          if (left !== row.passages) updated.push({ ...row, passages: left });
        }
        await archive.upsertSources(updated);
      }
    }
  } catch (cause) {
    throw failed('deleting the passages', archive, cause);
  }
  return deleted;
}

/**
 * Leaves nothing of deleted rows in the archive's files: compacts every table, rebuilds every index of the
 * passages table and of each corpus's text table in place, then removes every old version and every file the current version does not use.
 */
export async function scrubArchive(archive: Archive): Promise<void> {
  const texts = await corpusTextTables(archive);
  const tables = [await archive.passages(), await archive.sources(), ...texts].filter((t): t is lancedb.Table => t !== null);
  try {
    for (const table of tables) await table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000) });
    const passages = await archive.passages();
    for (const table of [passages, ...texts]) if (table) await rebuildIndexes(table);
    for (const table of tables) await table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
  } catch (cause) {
    throw failed('compacting and cleaning up the archive', archive, cause);
  }
}

/** Rebuilds every index of a table in place, or drops them all when it holds no row (nothing left to index). */
async function rebuildIndexes(table: lancedb.Table): Promise<void> {
  if ((await table.countRows()) === 0) {
    // Nothing left to index: the old index files are the only place the erased tokens remain.
    for (const index of await table.listIndices()) await table.dropIndex(index.name);
    return;
  }
  for (const index of await table.listIndices()) {
    const column = index.columns[0];
    if (!column) continue;
    if (column in ftsColumns) {
      await table.createIndex(column, { config: ftsIndex(ftsColumns[column as keyof typeof ftsColumns]), replace: true });
    } else if (column === 'vector') {
      await table.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine' }), replace: true });
    }
  }
}

function failed(what: string, archive: Archive, cause: unknown): DarkroomError {
  const message = (cause as Error).message;
  const full = /no space|ENOSPC|disk full|quota/i.test(message);
  return new DarkroomError(
    'STORE_FAILED',
    `The purge stopped while ${what} in ${archive.home}: ${message}. ${full ? 'The disk is full: free some space, then ' : ''}Run the same command again: it completes the purge (nothing is reported erased until it has).`,
    { cause },
  );
}
