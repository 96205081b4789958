/**
 * `darkroom ingest` checks the embedding model against the archive's vectors before any work: a missing or
 * different model is one line naming both models and the fixes (exit 2), no file is read and no byte of the
 * archive changes. A corpus can be embedded with the archive's model while the others wait (full-text only).
 * Files skipped for their type are counted per extension in the summary and listed in `--json`.
 * Real CLI processes, real LanceDB, the real GloVe embedder from ../shared/models.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Archive } from '../../core/store/archive.ts';
import { WRITER_LOCK_FILE } from '../../core/store/writer-lock.ts';
import type { IngestSummary } from '../../ingest/pipeline.ts';
import { gloveModel, needs, repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const baseEnv: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', LANCEDB_LOG: 'error' };
delete baseEnv.DARKROOM_LOG_LEVEL;

function darkroom(home: string, args: string[], model: string | null) {
  return spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8', env: { ...baseEnv, DARKROOM_EMBED_MODEL: model ?? '' }, timeout: 180_000 });
}

/** Every file of the archive folder with its size and modification time (the writer's lock file aside). */
function snapshot(home: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name !== WRITER_LOCK_FILE) {
        const s = statSync(full);
        out.set(path.relative(home, full), `${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(home);
  return out;
}

function writeDocs(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Asserts a refused ingest: exit 2, one line, no per-file work, and not one byte of the archive changed. */
function assertRefused(home: string, run: ReturnType<typeof darkroom>, before: Map<string, string>, patterns: RegExp[]): void {
  assert.equal(run.status, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
  for (const p of patterns) assert.match(lines[0]!, p);
  assert.doesNotMatch(run.stderr + run.stdout, /^ingested /m, 'no file was ingested before the refusal');
  assert.deepEqual(snapshot(home), before, 'nothing stored was touched');
}

describe('ingest checks the embedding model before any work', { skip: needs(gloveModel, 'the GloVe test embedder'), timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-embed-check-');
  const docs = writeDocs(path.join(tmp.dir, 'docs'), {
    'cinema.txt': 'We went to the movie theater every Saturday.\n\nThe projectionist let us watch from the booth.',
    'farm.txt': 'The cattle were moved to the upper pasture in June.',
  });
  const more = writeDocs(path.join(tmp.dir, 'more'), { 'sea.txt': 'The fishing boats stayed in the harbour during the storm.' });
  after(() => tmp.cleanup());

  describe('an archive embedded with GloVe', () => {
    const home = path.join(tmp.dir, 'vectors');
    before(() => {
      const run = darkroom(home, ['ingest', docs, '--corpus', 'a'], gloveModel);
      assert.equal(run.status, 0, run.stderr);
    });

    it('without a model: refused naming the model of the vectors and the fixes, nothing touched', () => {
      const was = snapshot(home);
      const run = darkroom(home, ['ingest', more, '--corpus', 'a'], null);
      assertRefused(home, run, was, [/vectors come from glove-100d-20k-onnx \(sha256 [0-9a-f]{12}…\)/, /no embedding model is configured/, /DARKROOM_EMBED_MODEL/, /darkroom reembed --none/]);
    });

    it('with another model: refused naming both models and the fixes, nothing touched', async () => {
      const archive = await Archive.open({ home });
      const glove = archive.embedder!;
      archive.setEmbedder({ name: 'multilingual-e5-small', sha256: 'e5'.repeat(32), dim: glove.dim });
      archive.close();
      try {
        const was = snapshot(home);
        const run = darkroom(home, ['ingest', more, '--corpus', 'a'], gloveModel);
        assertRefused(home, run, was, [/vectors come from multilingual-e5-small \(sha256 e5e5e5e5e5e5…\)/, /DARKROOM_EMBED_MODEL is glove-100d-20k-onnx \(sha256 [0-9a-f]{12}…\)/, /darkroom reembed --corpus a/, /`darkroom reembed` \(the whole archive\)/]);
      } finally {
        const back = await Archive.open({ home });
        back.setEmbedder(glove);
        back.close();
      }
    });

    it('with the same model: ingests', () => {
      const run = darkroom(home, ['ingest', more, '--corpus', 'a', '--json'], gloveModel);
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as IngestSummary).ingested, 1);
    });
  });

  describe('an archive built without vectors', () => {
    const home = path.join(tmp.dir, 'plain');
    before(() => {
      assert.equal(darkroom(home, ['ingest', docs, '--corpus', 'a'], null).status, 0);
      assert.equal(darkroom(home, ['ingest', more, '--corpus', 'b'], null).status, 0);
    });

    it('with a model: refused naming it and `darkroom reembed --corpus`, nothing touched', () => {
      writeFileSync(path.join(docs, 'school.txt'), 'The teacher rang the bell at eight.');
      const was = snapshot(home);
      const run = darkroom(home, ['ingest', docs, '--corpus', 'a'], gloveModel);
      assertRefused(home, run, was, [/have no vectors/, /DARKROOM_EMBED_MODEL is glove-100d-20k-onnx/, /darkroom reembed --corpus a/, /unset DARKROOM_EMBED_MODEL/]);
    });

    it('one corpus is embedded with the model while the other waits, full-text only', async () => {
      const reembed = darkroom(home, ['reembed', '--corpus', 'a', '--json'], gloveModel);
      assert.equal(reembed.status, 0, reembed.stderr);
      const ingest = darkroom(home, ['ingest', docs, '--corpus', 'a', '--json'], gloveModel);
      assert.equal(ingest.status, 0, ingest.stderr);
      assert.equal((JSON.parse(ingest.stdout) as IngestSummary).ingested, 1, 'school.txt, now with a vector');
      const archive = await Archive.open({ home });
      try {
        const table = (await archive.passages())!;
        assert.equal(archive.embedder?.name, 'glove-100d-20k-onnx');
        assert.equal(await table.countRows("corpus = 'a' AND vector IS NULL"), 0, 'corpus a: every passage has a vector');
        assert.equal(await table.countRows("corpus = 'b' AND vector IS NOT NULL"), 0, 'corpus b waits without vectors');
        assert.ok((await table.countRows("corpus = 'b'")) > 0);
      } finally {
        archive.close();
      }
      const search = darkroom(home, ['search', 'film', '--corpus', 'a', '--mode', 'semantic', '--json'], gloveModel);
      assert.equal(search.status, 0, search.stderr);
      assert.match((JSON.parse(search.stdout) as { hits: Array<{ path: string }> }).hits[0]?.path ?? '', /cinema\.txt$/, 'film ~ movie in corpus a');
    });
  });
});

describe('files skipped for their type are counted per extension', { timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-unsupported-');
  after(() => tmp.cleanup());

  it('a folder of only .csv/.html/.json says what it did not read, and --json lists the files', () => {
    const home = path.join(tmp.dir, 'home');
    const dir = writeDocs(path.join(tmp.dir, 'exports'), { 'a.csv': 'x,y\n1,2\n', 'b.CSV': 'x\n', 'page.html': '<p>hi</p>', 'data.json': '{}', README: 'no extension' });
    const run = darkroom(home, ['ingest', dir, '--corpus', 'c'], null);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^corpus c: 0 ingested, .*0 unchanged, 0 failed, 0 removed/m);
    assert.match(run.stdout, /^not read \(no reader for their type\): 2 \.csv, 1 \.html, 1 \.json, 1 \(none\); `darkroom ingest --help` lists the types read/m);
    const json = JSON.parse(darkroom(home, ['ingest', dir, '--corpus', 'c', '--json'], null).stdout) as IngestSummary;
    assert.deepEqual(json.unsupported, { '.csv': 2, '(none)': 1, '.html': 1, '.json': 1 });
    assert.deepEqual([...json.unsupported_files].sort(), ['README', 'a.csv', 'b.CSV', 'data.json', 'page.html'].map((f) => path.join(dir, f)).sort());
  });

  it('a corpus name with "/" is refused in one line naming it and the characters allowed, before anything is stored', () => {
    const home = path.join(tmp.dir, 'home3');
    const dir = writeDocs(path.join(tmp.dir, 'slash'), { 'letter.txt': 'Dear Mother, the flood reached the school.' });
    const run = darkroom(home, ['ingest', dir, '--corpus', 'films/2024'], null);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr.trim(), /^darkroom: Corpus name "films\/2024" is not allowed\. Use 1-64 letters, digits, dot, dash or underscore/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    const sources = darkroom(home, ['sources', '--json'], null);
    assert.deepEqual(JSON.parse(sources.stdout), [], 'nothing stored');
  });

  it('a mixed folder counts only the files it could not read', () => {
    const home = path.join(tmp.dir, 'home2');
    const dir = writeDocs(path.join(tmp.dir, 'mixed'), { 'letter.txt': 'Dear Mother, the flood reached the school.', 'sheet.csv': 'a,b\n' });
    const json = JSON.parse(darkroom(home, ['ingest', dir, '--corpus', 'm', '--json'], null).stdout) as IngestSummary;
    assert.equal(json.ingested, 1);
    assert.deepEqual(json.unsupported, { '.csv': 1 });
    assert.ok(readFileSync(path.join(dir, 'sheet.csv'), 'utf8'));
  });
});
