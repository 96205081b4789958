import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const FILES = 240;

/** Deterministic prose: each file a few dozen paragraphs naming its number. */
function writeCorpus(dir: string): void {
  mkdirSync(dir);
  const words = 'river school harvest winter barn letter mother flood teacher railway mill orchard'.split(' ');
  for (let f = 0; f < FILES; f++) {
    const paragraphs = Array.from({ length: 40 }, (_, p) => {
      const w = (k: number) => words[(f * 7 + p * 3 + k) % words.length];
      return `File ${f} paragraph ${p}: the ${w(0)} and the ${w(1)} by the ${w(2)}. ` + `We spoke of the ${w(3)} until the ${w(4)} came. `.repeat(4);
    });
    writeFileSync(path.join(dir, `doc_${String(f).padStart(3, '0')}.txt`), paragraphs.join('\n\n'));
  }
}

/** Every passage as "path#ordinal sha1(text)", sorted: what must be identical after a resumed run. */
async function fingerprint(home: string): Promise<string[]> {
  const archive = await Archive.open({ home, followWrites: false });
  try {
    const table = await archive.passages();
    if (!table) return [];
    const rows = await table.query().select(['source_path', 'ordinal', 'text']).toArray();
    return rows.map((r) => `${path.basename(String(r.source_path))}#${String(r.ordinal)} ${createHash('sha1').update(String(r.text)).digest('hex')}`).sort();
  } finally {
    archive.close();
  }
}

/** Starts `darkroom ingest` and SIGKILLs it once `afterFiles` files are reported done; resolves when it is dead. */
function ingestAndKill(home: string, docs: string, afterFiles: number): Promise<{ killed: boolean; done: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, 'ingest', docs, '--corpus', 'k'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DARKROOM_EMBED_MODEL: '' },
    });
    let done = 0;
    let killed = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      done += (chunk.match(/^ingested /gm) ?? []).length;
      if (!killed && done >= afterFiles) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, done }));
  });
}

describe('an ingestion killed with SIGKILL halfway', () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  const killedHome = path.join(tmp.dir, 'killed');
  const cleanHome = path.join(tmp.dir, 'clean');

  before(() => writeCorpus(docs));
  after(() => tmp.cleanup());

  it('finishes on a rerun with no duplicate and no lost passage', async () => {
    const { killed, done } = await ingestAndKill(killedHome, docs, FILES / 2);
    assert.ok(killed, `the run was killed (it had reported ${done} files)`);
    const partial = await fingerprint(killedHome);

    const archive = await Archive.open({ home: killedHome });
    const resumed = await ingest({ archive, corpus: 'k', inputs: [docs], embedder: null });
    archive.close();
    assert.equal(resumed.failed, 0);
    assert.ok(resumed.skipped > 0 && resumed.skipped < FILES, `the rerun skipped the ${resumed.skipped} files already written, not all or none`);

    const clean = await Archive.open({ home: cleanHome });
    await ingest({ archive: clean, corpus: 'k', inputs: [docs], embedder: null });
    clean.close();

    const expected = await fingerprint(cleanHome);
    const got = await fingerprint(killedHome);
    assert.ok(partial.length > 0 && partial.length < expected.length, `the kill left a partial archive (${partial.length} of ${expected.length} passages)`);
    assert.equal(new Set(got).size, got.length, 'no duplicate passage');
    assert.deepEqual(got, expected);
  });
});

describe('a run killed between writing passages and recording their source', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('leaves orphan passages that the next run deletes before writing again', async () => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'a.txt'), 'The lock keeper opened the gates at dawn.\n\nBarges waited below the weir.');
    const archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
    try {
      await ingest({ archive, corpus: 'o', inputs: [docs], embedder: null });
      const expected = await fingerprint(archive.home);
      await (await archive.sources())!.delete("corpus = 'o'");
      assert.ok((await archive.countPassages()) > 0, 'passages without a source row: the state a kill leaves');
      const rerun = await ingest({ archive, corpus: 'o', inputs: [docs], embedder: null });
      assert.equal(rerun.ingested, 1);
      assert.deepEqual(await fingerprint(archive.home), expected);
    } finally {
      archive.close();
    }
  });
});

