/**
 * The file half of `darkroom check`: every fingerprinted LanceDB file (core/store/integrity.ts) is still there
 * with the same size and sha256. This is what finds byte flips LanceDB itself reads without noticing.
 */
import path from 'node:path';
import { listArchiveFiles, readFingerprints, recordFingerprints, verifyFingerprint } from '../integrity.ts';
import { rebuildFix, type CheckReport, type Finding } from './findings.ts';

export interface FilesCheck {
  files: CheckReport['files'];
  findings: Finding[];
}

/**
 * Verifies the fingerprints. With `writerActive` (a live writer holds the lock), a fingerprinted file that is gone
 * may be one the writer is removing: not reported. Files not fingerprinted yet are fingerprinted now, unless a
 * writer is active (its half-written files are fingerprinted when it releases the lock) or `record` is false.
 */
export async function checkFiles(home: string, options: { writerActive: boolean; record: boolean }): Promise<FilesCheck> {
  const recorded = readFingerprints(home).files;
  const findings: Finding[] = [];
  let verified = 0;
  for (const [rel, expected] of Object.entries(recorded)) {
    const state = await verifyFingerprint(home, rel, expected);
    if (state === 'ok') {
      verified++;
      continue;
    }
    if (state === 'missing' && options.writerActive) continue;
    const what = describeFile(rel);
    const problem =
      state === 'missing'
        ? `${what} is gone (it was not removed by a Darkroom writer).`
        : state === 'size'
          ? `${what} is not the size it was written with (${expected.size} bytes recorded): truncated or overwritten.`
          : `${what} does not hold the bytes it was written with (sha256 differs from the one recorded).`;
    findings.push({ code: state === 'missing' ? 'file-missing' : state === 'size' ? 'file-truncated' : 'file-bytes-changed', severity: severityOf(rel), subject: rel, problem, means: meansOf(rel), fix: fixOf(rel, home) });
  }
  const fingerprinted = Object.keys(recorded).length;
  let added = 0;
  if (options.record && !options.writerActive) {
    const unrecorded = listArchiveFiles(home).filter((rel) => !recorded[rel]);
    if (unrecorded.length > 0) added = (await recordFingerprints(home)).added;
  }
  return { files: { fingerprinted, verified, newly_fingerprinted: added }, findings };
}

/** `lance/passages.lance/data/x.lance` → "data file x.lance of table passages". */
function describeFile(rel: string): string {
  const parts = rel.split('/');
  const table = (parts[1] ?? '').replace(/\.lance$/, '');
  const kind = parts[2] ?? '';
  const name = path.posix.basename(rel);
  const label: Record<string, string> = { data: 'Data file', _indices: 'Index file', _versions: 'Version manifest', _deletions: 'Deletion file', _transactions: 'Transaction file' };
  return `${label[kind] ?? 'File'} ${name} of table ${table}`;
}

/** A transaction file only serves concurrent commits; any other file's damage loses or garbles rows. */
function severityOf(rel: string): Finding['severity'] {
  return rel.split('/')[2] === '_transactions' ? 'warning' : 'damaged';
}

function meansOf(rel: string): string {
  const [, tableDir = '', kind = ''] = rel.split('/');
  const table = tableDir.replace(/\.lance$/, '');
  if (kind === '_transactions') return 'Nothing is lost: this file only helps two writers reconcile; the next write does without it.';
  if (kind === '_indices') return 'Full-text or vector search may fail, or miss or misrank passages.';
  if (kind === '_versions') return 'That version of the table cannot be opened (if it is the latest, the table cannot be opened at all).';
  if (kind === '_deletions') return 'Deleted rows may come back, or reads may fail.';
  if (table === 'passages') return 'Passages stored in it are lost or garbled: search may fail, miss them or quote wrong words.';
  if (table === 'sources') return 'Source records are lost or garbled: listing, playback and re-ingestion may fail.';
  return 'Rows of this table are lost or garbled.';
}

function fixOf(rel: string, home: string): string {
  if (rel.split('/')[2] === '_transactions') return 'none needed; `darkroom check` stops reporting it after the next ingestion';
  return rebuildFix(home);
}
