/**
 * Two processes: a real server (`darkroom serve`) answers every read route while real CLI processes ingest,
 * re-ingest, remove and prune in the same archive (each run writes table versions, compacts, and removes old
 * versions; `remove` erases them at once). A reader that meets a version whose files were just removed reads
 * the latest version again: no route answers 500.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const env = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_HOST: '127.0.0.1', LANCEDB_LOG: 'error' };

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function writeLetters(dir: string, round: number, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(
      path.join(dir, `letter_${i}.txt`),
      `March ${1 + (i % 28)}, 1911\n\nDear Mother,\n\nRevision ${round}. The flood reached the mill ${i} times this spring; the school by the river closed.\n\n` + `The ferryman counted ${i + round} boats. `.repeat(30 + i),
    );
  }
}

describe('a server reading while CLI processes write and compact the same archive', { timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-read-write-');
  const home = path.join(tmp.dir, 'home');
  const docs = path.join(tmp.dir, 'docs');
  let server: ChildProcess | null = null;
  after(() => {
    server?.kill('SIGTERM');
    tmp.cleanup();
  });

  it('answers every read route without a 500 during ingest, re-ingest, remove and prune', async () => {
    writeLetters(docs, 0, 12);
    assert.equal((await runCli(['ingest', docs, '--corpus', 'letters', '--home', home])).code, 0);

    server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--home', home, '--no-demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let serverErr = '';
    server.stderr?.on('data', (c: Buffer) => (serverErr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      server?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out) : null;
        if (m?.[1]) resolve(m[1]);
      });
      server?.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}\n${serverErr}`)));
    });
    const sources = ((await (await fetch(url + 'api/sources?corpus=letters')).json()) as { sources: Array<{ id: string }> }).sources;
    const routes = [
      'api/health',
      'api/corpora',
      'api/sources',
      'api/sources?corpus=letters',
      'api/search?q=flood%20mill&corpus=letters',
      'api/search?q=ferryman%20boats',
      `media/${sources[0]?.id ?? ''}/text`,
    ];

    let writing = true;
    const failures: string[] = [];
    let reads = 0;
    const poller = async (offset: number) => {
      for (let i = offset; writing; i++) {
        const route = routes[i % routes.length] ?? '';
        const res = await fetch(url + route);
        const body = await res.text();
        reads += 1;
        if (res.status >= 500) failures.push(`${route}: ${res.status} ${body.slice(0, 300)}`);
      }
    };
    const pollers = [0, 2, 4].map((o) => poller(o));

    const writes: Array<{ args: string[]; code: number | null; stderr: string }> = [];
    const write = async (args: string[]) => writes.push({ args, ...(await runCli([...args, '--home', home])) });
    for (let round = 1; round <= 3; round++) {
      writeLetters(docs, round, 12 + round * 4);
      await write(['ingest', docs, '--corpus', 'letters']);
      writeLetters(path.join(tmp.dir, `more_${round}`), round, 6);
      await write(['ingest', path.join(tmp.dir, `more_${round}`), '--corpus', `more_${round}`]);
      await write(['remove', path.join(tmp.dir, `more_${round}`, 'letter_0.txt')]);
      rmSync(path.join(docs, `letter_${round}.txt`));
      await write(['ingest', docs, '--corpus', 'letters', '--prune']);
    }
    writing = false;
    await Promise.all(pollers);

    for (const w of writes) assert.equal(w.code, 0, `${w.args.join(' ')}: ${w.stderr}`);
    assert.ok(reads > routes.length * 3, `the server was read during the writes (${reads} reads)`);
    assert.deepEqual(failures, [], `${failures.length} of ${reads} reads failed`);
  });
});

describe('old table versions after a compaction', () => {
  const tmp = tempDir('darkroom-versions-');
  after(() => tmp.cleanup());

  it('keeps them for a grace period when nothing was erased, and drops them at once when text was replaced', async () => {
    const { Archive } = await import('../../core/store/archive.ts');
    const { ingest } = await import('../../ingest/pipeline.ts');
    const archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
    try {
      const docs = path.join(tmp.dir, 'docs');
      writeLetters(docs, 0, 3);
      await ingest({ archive, corpus: 'c', inputs: [docs], embedder: null });
      const table = await archive.passages();
      assert.ok(table);
      const before = await table.version();
      const reader = await archive.db.openTable('passages');
      try {
        // Appending new files erases nothing: a reader still on the version before can finish its read.
        writeLetters(path.join(tmp.dir, 'more'), 0, 2);
        await ingest({ archive, corpus: 'c', inputs: [path.join(tmp.dir, 'more')], embedder: null });
        assert.ok((await table.version()) > before);
        await reader.checkout(before);
        assert.equal(await reader.countRows(), (await reader.query().toArray()).length);
        // A changed file replaces its text: the versions holding the old text are removed with the compaction.
        writeFileSync(path.join(docs, 'letter_0.txt'), 'The new wording says nothing of the old.');
        await ingest({ archive, corpus: 'c', inputs: [docs], embedder: null });
        await assert.rejects(async () => {
          await reader.checkout(before);
          await reader.query().toArray();
        }, /Not found|not found|version/i);
      } finally {
        reader.close();
      }
    } finally {
      archive.close();
    }
  });
});
