/**
 * `darkroom check` on a real archive (made by the real CLI in a temp dir), then on copies of it damaged the ways
 * the issue found: flipped bytes in the passages file (LanceDB reads on without noticing), a truncated and a
 * deleted data file, a truncated version manifest, a corrupt state.db, a changed and a vanished source file.
 * Each damage is named with its fix; a damaged archive exits 1, a whole one 0.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkArchive } from '../../core/store/check/check-archive.ts';
import type { CheckReport } from '../../core/store/check/findings.ts';
import { tempDir } from '../helpers/env.ts';
import { darkroom, dataFiles, flipBytes, garbleSqlite, latestManifest, makeArchive, resetCopy, truncate } from '../helpers/archive-damage.ts';

const codes = (r: CheckReport) => r.findings.map((f) => `${f.severity}:${f.code}`);
const finding = (r: CheckReport, code: string) => r.findings.find((f) => f.code === code);

describe('darkroom check names each damage of a real archive and its fix', { timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-check-');
  let pristine = '';
  let letters = '';
  const home = path.join(tmp.dir, 'damaged');
  before(() => {
    ({ home: pristine, letters } = makeArchive(tmp.dir));
  });
  after(() => tmp.cleanup());

  it('a whole archive: status ok, every file fingerprinted by the ingesting writer, exit 0', () => {
    const run = darkroom(pristine, ['check', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.equal(report.status, 'ok', JSON.stringify(report.findings));
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info'), []);
    assert.ok(report.files.fingerprinted > 5, 'ingest recorded the fingerprints as it released the writer lock');
    assert.equal(report.files.verified, report.files.fingerprinted);
    assert.equal(report.files.newly_fingerprinted, 0, 'nothing was left for check to fingerprint');
    assert.deepEqual(report.tables.map((t) => [t.name, t.rows]), [['passages', 3], ['sources', 3], ['text_letters', 3]]);
    assert.equal(report.sources.checked, 3);
  });

  it('flipped bytes in the passages data file: LanceDB still reads it, the fingerprint does not match', async () => {
    resetCopy(pristine, home);
    const [file] = dataFiles(home, 'passages');
    flipBytes(path.join(home, file as string), 200);
    const report = await checkArchive(home, { skipSources: true });
    assert.equal(report.status, 'damaged');
    const f = finding(report, 'file-bytes-changed');
    assert.equal(f?.subject, file);
    assert.match(f?.problem ?? '', /Data file .* of table passages does not hold the bytes it was written with/);
    assert.match(f?.fix ?? '', /restore the archive folder from your last backup/);
  });

  it('a truncated data file: the table does not read and the file is named truncated; the CLI exits 1 with the fix', () => {
    resetCopy(pristine, home);
    const [file] = dataFiles(home, 'passages');
    truncate(path.join(home, file as string), 500);
    const run = darkroom(home, ['check', '--no-sources']);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /the archive is DAMAGED/);
    assert.match(run.stdout, new RegExp(`DAMAGED \\[file-truncated\\] ${file}`));
    assert.match(run.stdout, /DAMAGED \[table-unreadable\] table passages/);
    assert.match(run.stdout, /fix: +restore the archive folder from your last backup/);
    assert.doesNotMatch(run.stdout, /\.rs:\d+/, 'no Rust source paths');
  });

  it('a deleted data file (fragment): missing, and the table names the file it cannot find', async () => {
    resetCopy(pristine, home);
    const [file] = dataFiles(home, 'passages');
    rmSync(path.join(home, file as string));
    const report = await checkArchive(home, { skipSources: true });
    assert.deepEqual(codes(report).filter((c) => c.startsWith('damaged')).sort(), ['damaged:file-missing', 'damaged:table-unreadable']);
    assert.equal(finding(report, 'file-missing')?.subject, file);
    assert.match(finding(report, 'table-unreadable')?.problem ?? '', /Not found: lance\/passages\.lance\/data\//);
  });

  it('a truncated version manifest: the table cannot be opened', async () => {
    resetCopy(pristine, home);
    const manifest = latestManifest(home, 'sources');
    truncate(path.join(home, manifest), 100);
    const report = await checkArchive(home, { skipSources: true });
    assert.equal(report.status, 'damaged');
    assert.match(finding(report, 'table-unreadable')?.subject ?? '', /table sources/);
    assert.equal(finding(report, 'file-truncated')?.subject, manifest);
    assert.match(finding(report, 'file-truncated')?.problem ?? '', /Version manifest/);
  });

  it('a corrupt state.db: named with what is unavailable, and that playback still works', async () => {
    resetCopy(pristine, home);
    garbleSqlite(path.join(home, 'state.db'));
    const report = await checkArchive(home, { skipSources: true });
    assert.equal(report.status, 'damaged');
    assert.equal(report.state.ok, false);
    const f = finding(report, 'state-damaged');
    assert.match(f?.problem ?? '', /The state store cannot be read: .*malformed/);
    assert.match(f?.means ?? '', /search refuses too; playback still works/);
    assert.match(f?.fix ?? '', /restore state\.db from your last backup.*move .*state\.db/);
  });

  it('a changed and a vanished source file: warnings with the command, not damage (exit 0)', () => {
    resetCopy(pristine, home);
    appendFileSync(path.join(letters, 'letter-1.txt'), 'A postscript written later.\n');
    rmSync(path.join(letters, 'letter-2.txt'));
    try {
      const run = darkroom(home, ['check', '--json']);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as CheckReport;
      assert.equal(report.status, 'warnings');
      assert.deepEqual(report.sources, { checked: 3, missing: 1, changed: 1 });
      assert.match(finding(report, 'source-changed')?.fix ?? '', new RegExp(`darkroom ingest ${letters} --corpus letters`));
      assert.match(finding(report, 'source-missing')?.fix ?? '', /darkroom remove [0-9a-f]+/);
    } finally {
      writeFileSync(path.join(letters, 'letter-2.txt'), 'April 9, 1911\n\nDear Anna,\n\nThe mill burned on Sunday and the workers left for the coast.\n');
    }
  });

  it('files a writer removes (remove compacts and cleans old versions) are not reported missing', async () => {
    resetCopy(pristine, home);
    const run = darkroom(home, ['remove', path.join(letters, 'letter-3.txt')]);
    assert.equal(run.status, 0, run.stderr);
    const report = await checkArchive(home, { skipSources: true });
    assert.deepEqual(report.findings.filter((f) => f.code.startsWith('file-')), []);
    assert.equal(report.status, 'ok', JSON.stringify(report.findings));
    assert.equal(report.files.newly_fingerprinted, 0, 'the writer fingerprinted the files it wrote');
  });
});
