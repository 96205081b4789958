import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { Archive } from '../../core/store/archive.ts';
import { withWriterLock, writerLockPath, type LockHolder } from '../../core/store/writer-lock.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline.ts';
import { repoRoot, sampleCorpus, tempDir } from '../helpers/env.ts';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the darkroom CLI as its own process (no embedder: the lock, not the model, is under test). */
function darkroom(home: string, args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DARKROOM_EMBED_MODEL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Deterministic prose files: long enough a run that two runs started together overlap. */
function writeGenerated(dir: string, files: number): void {
  mkdirSync(dir, { recursive: true });
  const words = 'river school harvest winter barn letter mother flood teacher railway mill orchard'.split(' ');
  for (let f = 0; f < files; f++) {
    const paragraphs = Array.from({ length: 30 }, (_, p) => `File ${f} paragraph ${p}: the ${words[(f + p) % words.length]} and the ${words[(f * 3 + p) % words.length]}. ` + 'We spoke of it until the evening came. '.repeat(5));
    writeFileSync(path.join(dir, `doc_${String(f).padStart(3, '0')}.txt`), paragraphs.join('\n\n'));
  }
}

/** What must be identical to one clean ingest: every passage id with its text's hash, every source id with its count. */
async function snapshot(home: string): Promise<{ passages: string[]; sources: string[]; passageRows: number; sourceRows: number }> {
  const archive = await Archive.open({ home, followWrites: false });
  try {
    const passages = (await (await archive.passages())!.query().select(['id', 'text']).toArray()).map((r) => `${String(r.id)} ${createHash('sha1').update(String(r.text)).digest('hex')}`);
    const sources = (await (await archive.sources())!.query().select(['id', 'passages', 'state']).toArray()).map((r) => `${String(r.id)} ${String(r.passages)} ${String(r.state)}`);
    return { passages: [...new Set(passages)].sort(), sources: [...new Set(sources)].sort(), passageRows: passages.length, sourceRows: sources.length };
  } finally {
    archive.close();
  }
}

/** Text inputs of the shared sample archive (its recordings left out: media is not what is tested), or a generated folder. */
function inputsFor(dir: string): string[] {
  const sample = ['transcripts', 'letters', 'letters_fr', 'pdf'].map((d) => path.join(sampleCorpus, d));
  if (sample.every((d) => existsSync(d))) return [...sample, path.join(dir, 'generated')];
  process.stderr.write(`note: the sample archive is absent at ${sampleCorpus}; two ingests at once use a generated folder only\n`);
  return [path.join(dir, 'generated')];
}

describe('two ingests started together on the same fresh archive', { timeout: 900_000 }, () => {
  const tmp = tempDir();
  let inputs: string[];
  let clean: Awaited<ReturnType<typeof snapshot>>;

  before(async () => {
    writeGenerated(path.join(tmp.dir, 'generated'), 60);
    inputs = inputsFor(tmp.dir);
    const run = await darkroom(path.join(tmp.dir, 'clean'), ['ingest', ...inputs, '--corpus', 'film', '--json']);
    assert.equal(run.status, 0, run.stderr);
    clean = await snapshot(path.join(tmp.dir, 'clean'));
    assert.ok(clean.passages.length > 1000, `a clean ingest of ${clean.passages.length} passages`);
  });
  after(() => tmp.cleanup());

  it('with --wait: one waits, saying for whom, then finds everything done; the rows are those of one clean ingest', async () => {
    const home = path.join(tmp.dir, 'wait');
    const runs = await Promise.all([0, 1].map(() => darkroom(home, ['ingest', ...inputs, '--corpus', 'film', '--json', '--wait'])));
    const got = await snapshot(home);
    assert.equal(got.passageRows, clean.passageRows, 'no duplicate passage row');
    assert.equal(got.sourceRows, clean.sourceRows, 'no duplicate source row');
    assert.deepEqual(got.passages, clean.passages);
    assert.deepEqual(got.sources, clean.sources);
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    const waited = runs.filter((r) => /waiting for another writer to finish: darkroom .*ingest .*\(pid \d+ on .*, ingest, since \d{4}-/.test(r.stderr));
    assert.equal(waited.length, 1, `exactly one run waited:\n${runs.map((r) => r.stderr.slice(0, 400)).join('\n---\n')}`);
    const second = JSON.parse(waited[0]!.stdout) as IngestSummary;
    assert.equal(second.ingested, 0, 'the run that waited found every file already ingested');
    assert.equal(second.skipped, second.files);
    assert.ok(!existsSync(writerLockPath(home)), 'the lock is released');
  });

  it('without --wait: one is refused at once, naming the holder and --wait; the other ingests everything', async () => {
    const home = path.join(tmp.dir, 'refuse');
    const runs = await Promise.all([0, 1].map(() => darkroom(home, ['ingest', ...inputs, '--corpus', 'film', '--json'])));
    const got = await snapshot(home);
    assert.equal(got.passageRows, clean.passageRows, 'no duplicate passage row');
    assert.equal(got.sourceRows, clean.sourceRows, 'no duplicate source row');
    assert.deepEqual(got.passages, clean.passages);
    assert.deepEqual(got.sources, clean.sources);
    const refused = runs.filter((r) => r.status !== 0);
    const done = runs.filter((r) => r.status === 0);
    assert.equal(refused.length, 1, runs.map((r) => `${r.status}: ${r.stderr.slice(0, 400)}`).join('\n---\n'));
    assert.equal(done.length, 1);
    assert.match(refused[0]!.stderr, /Another writer is working on the archive .*: darkroom .*ingest .*\(pid \d+ on [^,]+, ingest, since \d{4}-\d\d-\d\dT.*\)\. .*--wait/);
    assert.doesNotMatch(refused[0]!.stderr, /unexpected error|lance/i);
    assert.equal(refused[0]!.status, 1);
    assert.equal((JSON.parse(done[0]!.stdout) as IngestSummary).ingested, clean.sources.length);
  });
});

describe('a writer killed with SIGKILL while it holds the lock', { timeout: 600_000 }, () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('leaves a lock that the next ingest takes over, saying so, and finishes the work', async () => {
    const docs = path.join(tmp.dir, 'docs');
    writeGenerated(docs, 80);
    const home = path.join(tmp.dir, 'home');
    const killed = await darkroom(home, ['ingest', docs, '--corpus', 'k'], (err, kill) => {
      if ((err.match(/^ingested /gm) ?? []).length >= 20) kill();
    });
    assert.equal(killed.status, null, 'killed by a signal');
    const left = JSON.parse(readFileSync(writerLockPath(home), 'utf8')) as LockHolder;
    assert.equal(left.purpose, 'ingest');
    assert.equal(left.hostname, hostname());

    const rerun = await darkroom(home, ['ingest', docs, '--corpus', 'k', '--json']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stderr, new RegExp(`took over the writer lock left by a writer that is gone: .*pid ${left.pid}`));
    const summary = JSON.parse(rerun.stdout) as IngestSummary;
    assert.equal(summary.failed, 0);
    assert.ok(!existsSync(writerLockPath(home)));

    const cleanHome = path.join(tmp.dir, 'clean');
    assert.equal((await darkroom(cleanHome, ['ingest', docs, '--corpus', 'k'])).status, 0);
    const [got, expected] = [await snapshot(home), await snapshot(cleanHome)];
    assert.equal(got.passageRows, expected.passageRows);
    assert.deepEqual(got.passages, expected.passages);
  });
});

describe('the writer lock', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const otherHost = (home: string, ageMs: number) => {
    const file = writerLockPath(home);
    mkdirSync(home, { recursive: true });
    const holder: LockHolder = { pid: 4242, hostname: 'edit-bay-2.studio.lan', command: 'darkroom reembed', purpose: 'reembed', since: '2026-12-01T10:00:00.000Z', token: 'other' };
    writeFileSync(file, JSON.stringify(holder));
    const t = new Date(Date.now() - ageMs);
    utimesSync(file, t, t);
  };

  it('refuses while a writer on another host keeps its heartbeat, naming that host', async () => {
    const home = path.join(tmp.dir, 'nas-live');
    otherHost(home, 5_000);
    await assert.rejects(
      withWriterLock(home, { purpose: 'ingest' }, async () => 'ran'),
      (err) => isDarkroomError(err, 'ARCHIVE_LOCKED') && /darkroom reembed \(pid 4242 on edit-bay-2\.studio\.lan, reembed, since 2026-12-01T10:00:00\.000Z\).*--wait/.test(err.message),
    );
  });

  it('takes over a lock whose heartbeat stopped (a writer on another host that died)', async () => {
    const home = path.join(tmp.dir, 'nas-dead');
    otherHost(home, 10 * 60_000);
    const previous: LockHolder[] = [];
    assert.equal(await withWriterLock(home, { purpose: 'ingest', onTakeOver: (h) => previous.push(h) }, async () => 'ran'), 'ran');
    assert.equal(previous[0]?.hostname, 'edit-bay-2.studio.lan');
    assert.ok(!existsSync(writerLockPath(home)));
  });

  it('lets a second writer in the same process wait, and runs nested writers of one call chain once', async () => {
    const home = path.join(tmp.dir, 'in-process');
    const order: string[] = [];
    let waited: LockHolder | null = null;
    const first = withWriterLock(home, { purpose: 'ingest' }, async () => {
      await withWriterLock(home, { purpose: 'compact' }, async () => order.push('nested compact'));
      await new Promise((r) => setTimeout(r, 200));
      order.push('first done');
    });
    await assert.rejects(withWriterLock(home, { purpose: 'remove' }, async () => order.push('refused ran')), (err) => isDarkroomError(err, 'ARCHIVE_LOCKED'));
    const second = withWriterLock(home, { purpose: 'remove', wait: true, onWait: (h) => (waited = h) }, async () => order.push('second'));
    await Promise.all([first, second]);
    assert.deepEqual(order, ['nested compact', 'first done', 'second']);
    assert.equal((waited as LockHolder | null)?.purpose, 'ingest');
  });

  it('makes `darkroom remove` refuse while another process writes', async () => {
    const home = path.join(tmp.dir, 'remove');
    const docs = path.join(tmp.dir, 'remove-docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'a.txt'), 'The weir keeper kept a diary of floods.');
    const archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'r', inputs: [docs], embedder: null });
    archive.close();
    await withWriterLock(home, { purpose: 'withdraw' }, async () => {
      const run = await darkroom(home, ['remove', path.join(docs, 'a.txt')]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, new RegExp(`Another writer is working on the archive .*\\(pid ${process.pid} on .*, withdraw, since .*--wait`));
    });
    assert.equal((await darkroom(home, ['remove', path.join(docs, 'a.txt')])).status, 0);
  });
});

describe('an archive with duplicate rows left by an older version', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('is repaired at the start of the next ingest, keeping one row per id, and the run says so', async () => {
    const docs = path.join(tmp.dir, 'docs');
    writeGenerated(docs, 6);
    const home = path.join(tmp.dir, 'home');
    const archive = await Archive.open({ home });
    try {
      await ingest({ archive, corpus: 'd', inputs: [docs], embedder: null });
      const expected = await snapshot(home);
      // What two unlocked writers left: every passage and source row of two files written twice.
      const passages = (await archive.passages())!;
      const sources = (await archive.sources())!;
      const twice = await passages.query().where("source_path LIKE '%doc_001.txt'").toArray();
      await passages.add(twice.map((r) => ({ ...r })));
      await sources.add((await sources.query().limit(3).toArray()).map((r) => ({ ...r, ingested_at: '2026-01-01T00:00:00.000Z' })));
      assert.ok((await snapshot(home)).passageRows > expected.passageRows);

      const summary = await ingest({ archive, corpus: 'd', inputs: [docs], embedder: null });
      assert.equal(summary.repaired.duplicate_passage_rows, twice.length);
      assert.equal(summary.repaired.duplicate_source_rows, 3);
      const got = await snapshot(home);
      assert.equal(got.passageRows, expected.passageRows);
      assert.equal(got.sourceRows, expected.sourceRows);
      assert.deepEqual(got, expected, 'the newest source rows were kept (not the old ingested_at copies)');
      assert.equal(summary.skipped, 6, 'nothing to re-read: the repair kept consistent rows');
    } finally {
      archive.close();
    }
  });
});
