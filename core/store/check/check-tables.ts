/**
 * The LanceDB half of `darkroom check`: every table opens, every kept version's manifest reads, the latest
 * version scans end to end (every column of every row: a missing or truncated data file fails here), the
 * full-text indexes exist, answer a query, and cover every row; and the sources' passage counts add up.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { ftsColumns, PASSAGES, SOURCES } from '../schema.ts';
import { describeStoreError, rebuildFix, type CheckReport, type Finding } from './findings.ts';

export interface TablesCheck {
  tables: CheckReport['tables'];
  findings: Finding[];
  /** Source rows read from the sources table (null when it cannot be read). */
  sources: Array<{ id: string; corpus: string; path: string; hash: string; bytes: number; passages: number; details_json: string | null }> | null;
}

/** Checks the archive's tables read-only. `quick`: no full scan of the latest version and no old version read. */
export async function checkTables(home: string, options: { quick?: boolean } = {}): Promise<TablesCheck> {
  const root = path.join(home, 'lance');
  const result: TablesCheck = { tables: [], findings: [], sources: null };
  if (!existsSync(root)) {
    result.findings.push({ code: 'archive-empty', severity: 'info', subject: 'lance', problem: 'The archive holds no table yet.', means: 'Nothing is ingested: search finds nothing.', fix: 'darkroom ingest <folder> --corpus <name>' });
    return result;
  }
  const db = await lancedb.connect(root);
  try {
    let names: string[] = [];
    try {
      names = await db.tableNames();
    } catch (err) {
      result.findings.push({ code: 'tables-unlisted', severity: 'damaged', subject: 'lance', problem: `The list of tables cannot be read: ${describeStoreError(err, home)}.`, means: 'Search, answers and ingestion fail.', fix: rebuildFix(home) });
    }
    const onDisk = readdirSync(root).filter((n) => n.endsWith('.lance')).map((n) => n.slice(0, -'.lance'.length));
    for (const name of [...new Set([...names, ...onDisk])].sort()) {
      await checkTable(db, home, name, options, result);
    }
  } finally {
    db.close();
  }
  checkCounts(result);
  return result;
}

async function checkTable(db: lancedb.Connection, home: string, name: string, options: { quick?: boolean }, result: TablesCheck): Promise<void> {
  const subject = `table ${name}`;
  const entry: CheckReport['tables'][number] = { name, version: null, versions: 0, rows: null, indexes: [] };
  result.tables.push(entry);
  const means = name === PASSAGES ? 'Search and answers fail or miss passages.' : name === SOURCES ? 'The list of sources, playback and re-ingestion fail.' : 'This table cannot be used.';
  let table: lancedb.Table;
  try {
    table = await db.openTable(name);
  } catch (err) {
    result.findings.push({ code: 'table-unreadable', severity: 'damaged', subject, problem: `The table cannot be opened: ${describeStoreError(err, home)}.`, means, fix: rebuildFix(home) });
    return;
  }
  try {
    entry.version = await table.version();
    const versions = await table.listVersions();
    entry.versions = versions.length;
    entry.rows = await table.countRows();
    if (!options.quick) {
      let scanned = 0;
      for await (const batch of table.query()) scanned += batch.numRows;
      if (scanned !== entry.rows) throw new Error(`a scan read ${scanned} rows where the manifest counts ${entry.rows}`);
    }
    if (name === SOURCES && result.sources === null) result.sources = (await table.query().select(['id', 'corpus', 'path', 'hash', 'bytes', 'passages', 'details_json']).toArray()).map((r: Record<string, unknown>) => ({ id: String(r.id), corpus: String(r.corpus), path: String(r.path), hash: String(r.hash), bytes: Number(r.bytes), passages: Number(r.passages), details_json: r.details_json == null ? null : String(r.details_json) }));
  } catch (err) {
    result.findings.push({ code: 'table-unreadable', severity: 'damaged', subject, problem: `The latest version (${entry.version ?? '?'}) cannot be read: ${describeStoreError(err, home)}.`, means, fix: rebuildFix(home) });
    table.close();
    return;
  }
  if (!options.quick) await checkOldVersions(table, home, subject, entry, result);
  if (name === PASSAGES) await checkIndexes(table, home, entry, result);
  table.close();
}

/** Each kept older version's manifest must read: answers record the version they were made against (replay). */
async function checkOldVersions(table: lancedb.Table, home: string, subject: string, entry: CheckReport['tables'][number], result: TablesCheck): Promise<void> {
  const versions = await table.listVersions().catch(() => []);
  for (const v of versions) {
    if (v.version === entry.version) continue;
    try {
      await table.checkout(v.version);
      await table.countRows();
    } catch (err) {
      result.findings.push({
        code: 'version-unreadable',
        severity: 'damaged',
        subject,
        problem: `Old version ${v.version} cannot be read: ${describeStoreError(err, home)}.`,
        means: 'The latest version reads, but an answer made against that version cannot be replayed, and compaction may fail on it.',
        fix: rebuildFix(home),
      });
    }
  }
  await table.checkoutLatest().catch(() => undefined);
}

async function checkIndexes(table: lancedb.Table, home: string, entry: CheckReport['tables'][number], result: TablesCheck): Promise<void> {
  const subject = `table ${PASSAGES}`;
  if (!entry.rows) return;
  let indices: lancedb.IndexConfig[];
  try {
    indices = await table.listIndices();
  } catch (err) {
    result.findings.push({ code: 'index-unreadable', severity: 'damaged', subject, problem: `Its indexes cannot be listed: ${describeStoreError(err, home)}.`, means: 'Full-text search fails.', fix: rebuildFix(home) });
    return;
  }
  entry.indexes = indices.map((i) => `${i.name} (${i.indexType} on ${i.columns.join(', ')})`);
  for (const column of Object.keys(ftsColumns)) {
    const index = indices.find((i) => i.columns.includes(column));
    if (!index) {
      result.findings.push({ code: 'index-missing', severity: 'damaged', subject, problem: `The full-text index of ${column} is missing.`, means: 'Full-text search in that language fails.', fix: 'darkroom ingest <any folder of the archive> --corpus <its corpus>: ingestion builds missing indexes at its end' });
      continue;
    }
    try {
      await table.query().fullTextSearch('darkroom', { columns: [column] }).limit(1).toArray();
      const stats = await table.indexStats(index.name);
      if (stats && stats.numUnindexedRows > 0) {
        result.findings.push({ code: 'index-behind', severity: 'info', subject, problem: `${stats.numUnindexedRows} passages are not in the full-text index of ${column} yet.`, means: 'They are still found (searched without the index), more slowly.', fix: 'darkroom ingest <any folder of the archive> --corpus <its corpus> (its compaction folds them in)' });
      }
    } catch (err) {
      result.findings.push({ code: 'index-unreadable', severity: 'damaged', subject, problem: `The full-text index ${index.name} (${column}) does not answer: ${describeStoreError(err, home)}.`, means: 'Full-text search fails.', fix: rebuildFix(home) });
    }
  }
}

/** The sources' passage counts against the passages table's rows (a run killed between the two writes). */
function checkCounts(result: TablesCheck): void {
  const passages = result.tables.find((t) => t.name === PASSAGES)?.rows;
  if (result.sources === null || passages === null || passages === undefined) return;
  const recorded = result.sources.reduce((n, s) => n + s.passages, 0);
  if (recorded !== passages) {
    result.findings.push({
      code: 'passage-count',
      severity: 'warning',
      subject: `table ${PASSAGES}`,
      problem: `The sources count ${recorded} passages; the passages table holds ${passages}.`,
      means: 'An ingestion was stopped between writing passages and recording their source: some passages have no source (search may show them without a file to play).',
      fix: 'darkroom ingest <any folder of the archive> --corpus <its corpus>: ingestion removes passages without a source at its start',
    });
  }
}
