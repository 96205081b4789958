import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline.ts';
import { makeDocx, makeTextPdf } from '../helpers/document-fixtures.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Files under `dir` whose bytes contain `needle` (ASCII, case-insensitive). */
function filesContaining(dir: string, needle: string): string[] {
  const n = Buffer.from(needle.toLowerCase());
  return filesUnder(dir).filter((f) => {
    const bytes = readFileSync(f);
    for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 65 && bytes[i]! <= 90) bytes[i] = bytes[i]! + 32;
    return bytes.includes(n);
  });
}

function darkroom(home: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], { encoding: 'utf8', env: { ...process.env, DARKROOM_EMBED_MODEL: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('one bad file never stops a run', () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  const home = path.join(tmp.dir, 'home');
  let summary: IngestSummary;
  let status: number | null;

  before(() => {
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'good.txt'), 'The ferryman remembered the winter the lake froze solid.\n\nHe walked across to the island.');
    makeDocx(path.join(docs, 'memo.docx'), ['Memo to the crew', 'The grain barge sank near the weir in 1931.']);
    writeFileSync(path.join(docs, 'clip.srt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
    writeFileSync(path.join(docs, 'empty.txt'), '');
    writeFileSync(path.join(docs, 'latin1.txt'), Buffer.from('Le caf\xe9 \xe9tait ferm\xe9.', 'latin1'));
    const whole = path.join(tmp.dir, 'whole.pdf');
    makeTextPdf(whole, [['Page one of the harbour log.'], ['Page two of the harbour log.']]);
    const bytes = readFileSync(whole);
    writeFileSync(path.join(docs, 'truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    writeFileSync(path.join(docs, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    const run = darkroom(home, ['ingest', docs, '--corpus', 'bad', '--json']);
    status = run.status;
    summary = JSON.parse(run.stdout) as IngestSummary;
  });
  after(() => tmp.cleanup());

  it('ingests the good files and exits non-zero', () => {
    assert.equal(status, 1);
    assert.deepEqual(summary.results.filter((r) => r.status === 'ingested').map((r) => path.basename(r.path)).sort(), ['good.txt', 'memo.docx']);
    assert.equal(summary.failed, 5);
  });

  it('gives each bad file a clear error naming it and the fix', () => {
    const errorOf = (name: string) => summary.results.find((r) => path.basename(r.path) === name)?.error ?? '';
    assert.match(errorOf('clip.srt'), /clip\.srt .*binary.*Check the file/);
    assert.match(errorOf('empty.txt'), /empty\.txt is empty/);
    assert.match(errorOf('latin1.txt'), /latin1\.txt is not valid UTF-8.*iconv/);
    assert.match(errorOf('truncated.pdf'), /truncated\.pdf is truncated.*Copy it again/);
    assert.match(errorOf('huge.txt'), /huge\.txt is 50\.0 MB, over the 20 MB limit.*Split it/);
    for (const r of summary.results.filter((x) => x.status === 'failed')) assert.equal(r.code, 'EXTRACT_FAILED');
  });

  it('lists the failures with `darkroom sources`', () => {
    const run = darkroom(home, ['sources', '--corpus', 'bad', '--json']);
    const sources = JSON.parse(run.stdout) as Array<{ path: string; state: string; error: string | null }>;
    assert.equal(sources.filter((s) => s.state === 'failed').length, 5);
    assert.ok(sources.filter((s) => s.state === 'failed').every((s) => s.error && s.error.includes(path.basename(s.path))));
  });
});

describe('re-ingesting', () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  let archive: Archive;
  const run = (extra: { prune?: boolean } = {}) => ingest({ archive, corpus: 'c', inputs: [docs], embedder: null, ...extra });
  const find = async (q: string) => (await searchArchive(archive, null, { query: q, corpus: 'c', limit: 5 })).hits;

  before(async () => {
    mkdirSync(docs);
    for (let i = 0; i < 5; i++) writeFileSync(path.join(docs, `note_${i}.txt`), `Note ${i}.\n\n` + 'The mill wheel turned all summer. '.repeat(60 + i));
    writeFileSync(path.join(docs, 'changing.txt'), 'The old wording mentions the cormorant colony.');
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
    await run();
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('keeps the same passage count when nothing changed', async () => {
    const before = await archive.countPassages('c');
    const summary = await run();
    assert.equal(summary.skipped, 6);
    assert.equal(await archive.countPassages('c'), before);
  });

  it('replaces a changed file: the old text is gone, the new text is found', async () => {
    assert.equal((await find('cormorant'))[0]?.path, path.join(docs, 'changing.txt'));
    writeFileSync(path.join(docs, 'changing.txt'), 'The new wording mentions the heron rookery instead.');
    const summary = await run();
    assert.equal(summary.ingested, 1);
    assert.equal((await find('cormorant')).length, 0);
    assert.match((await find('heron rookery'))[0]?.text ?? '', /heron rookery/);
  });

  it('removes sources of deleted files with --prune, and only then', async () => {
    rmSync(path.join(docs, 'note_4.txt'));
    const kept = await run();
    assert.equal(kept.removed, 0);
    assert.ok((await archive.listSources({ corpus: 'c' })).some((s) => s.path.endsWith('note_4.txt')));
    const pruned = await run({ prune: true });
    assert.equal(pruned.removed, 1);
    assert.ok(!(await archive.listSources({ corpus: 'c' })).some((s) => s.path.endsWith('note_4.txt')));
    assert.equal(await (await archive.passages())!.countRows("source_path LIKE '%note_4.txt'"), 0);
  });

  it('keeps the number of files on disk bounded over 20 runs that change a file', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      writeFileSync(path.join(docs, 'changing.txt'), `Revision ${i} of the ledger. `.repeat(10 + i));
      await run();
      counts.push(filesUnder(archive.home).length);
    }
    const firstFive = Math.max(...counts.slice(0, 5));
    const lastFive = Math.max(...counts.slice(-5));
    assert.ok(lastFive <= firstFive + 2, `files on disk grew from ${firstFive} to ${lastFive}: ${counts.join(' ')}`);
  });
});

describe('darkroom remove', () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  const home = path.join(tmp.dir, 'home');
  const phrase = 'Xylophagous Quibblewick';

  before(() => {
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'secret.txt'), `The informant's name was ${phrase}, and it must not survive removal.`);
    writeFileSync(path.join(docs, 'other.txt'), 'A harmless note about the weather over the estuary.');
  });
  after(() => tmp.cleanup());

  it('leaves no trace of the source\'s text in any file of the archive', () => {
    assert.equal(darkroom(home, ['ingest', docs, '--corpus', 'r']).status, 0);
    assert.ok(filesContaining(home, phrase).length > 0, 'the phrase is on disk after ingestion (else this test proves nothing)');
    const removed = darkroom(home, ['remove', path.join(docs, 'secret.txt'), '--corpus', 'r']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.deepEqual(filesContaining(home, phrase), []);
    assert.deepEqual(filesContaining(home, 'quibblewick'), [], 'not even the indexed token');
    assert.ok(statSync(home).isDirectory());
    const sources = JSON.parse(darkroom(home, ['sources', '--corpus', 'r', '--json']).stdout) as Array<{ path: string }>;
    assert.deepEqual(sources.map((s) => path.basename(s.path)), ['other.txt']);
  });
});
