/**
 * An empty archive, or a corpus with nothing searchable in it, says so and gives the command that fills it,
 * instead of looking like a miss: `darkroom search`, `darkroom ask` (real CLI processes) and GET /api/search of a
 * real `darkroom serve` process.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', LANCEDB_LOG: 'error' };
for (const name of ['DARKROOM_HOST', 'DARKROOM_PORT', 'DARKROOM_LOG_LEVEL']) delete env[name];

const darkroom = (home: string, args: string[]) => spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8', env, timeout: 120_000 });

describe('an empty archive or corpus says so and how to fill it', { timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-empty-');
  const home = path.join(tmp.dir, 'home');
  let server: ChildProcess | null = null;
  after(() => {
    server?.kill('SIGTERM');
    tmp.cleanup();
  });

  it('darkroom search and ask on an archive with nothing ingested', () => {
    const search = darkroom(home, ['search', 'flood']);
    assert.equal(search.status, 0, search.stderr);
    assert.match(search.stdout, /^The archive is empty: nothing is ingested yet\. Fill it with `darkroom ingest <folder> --corpus <name>`\.$/m);
    assert.doesNotMatch(search.stdout, /No passage matches/);
    const json = JSON.parse(darkroom(home, ['search', 'flood', '--json']).stdout) as { empty: string | null; hits: unknown[] };
    assert.match(json.empty ?? '', /The archive is empty/);
    const ask = darkroom(home, ['ask', 'Where was the flood?']);
    assert.equal(ask.status, 0, ask.stderr);
    assert.match(ask.stdout, /^The archive is empty: nothing is ingested yet\. Fill it with `darkroom ingest <folder> --corpus <name>`\./);
    assert.doesNotMatch(ask.stdout, /no passage of the archive matches/);
  });

  it('a corpus whose only source failed: says what it holds and the command, while a full corpus still answers', () => {
    const broken = path.join(tmp.dir, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'empty.txt'), '');
    assert.equal(darkroom(home, ['ingest', broken, '--corpus', 'broken']).status, 1, 'the empty file fails');
    const good = path.join(tmp.dir, 'good');
    mkdirSync(good);
    writeFileSync(path.join(good, 'letter.txt'), 'March 3, 1911\n\nDear Mother,\n\nThe flood reached the school by the river.\n');
    assert.equal(darkroom(home, ['ingest', good, '--corpus', 'good']).status, 0);

    const search = darkroom(home, ['search', 'flood', '--corpus', 'broken']);
    assert.equal(search.status, 0, search.stderr);
    assert.match(search.stdout, /^Corpus "broken" holds no passage yet: 1 of its 1 source failed \(`darkroom sources --corpus broken` says why\)\. Fill it with `darkroom ingest <folder> --corpus broken`\.$/m);
    const miss = darkroom(home, ['search', 'zeppelin', '--corpus', 'good']);
    assert.match(miss.stdout, /^No passage matches\.$/m, 'a miss in a corpus that holds passages is a miss');
    const hit = darkroom(home, ['search', 'flood']);
    assert.match(hit.stdout, /letter\.txt/);
  });

  it('GET /api/search of a real server says the corpus is empty', async () => {
    server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--no-demo', '--home', home], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      server?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out) : null;
        if (m?.[1]) resolve(m[1]);
      });
      server?.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });
    const res = await fetch(url + 'api/search?q=flood&corpus=broken');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { empty: string | null; hits: unknown[] };
    assert.equal(body.hits.length, 0);
    assert.match(body.empty ?? '', /Corpus "broken" holds no passage yet.*darkroom ingest <folder> --corpus broken/);
    const full = (await (await fetch(url + 'api/search?q=flood&corpus=good')).json()) as { empty: string | null };
    assert.equal(full.empty, null);
  });
});
