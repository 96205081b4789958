import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

function withoutHost(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.DARKROOM_HOST;
  return copy;
}

const demo = path.join(repoRoot, 'corpora', 'demo');
const skip = existsSync(demo) ? false : `the demo corpus is not at ${demo}`;

describe('`darkroom serve` (what `npm start` runs) on an empty archive', { skip }, () => {
  const home = tempDir('darkroom-serve-');
  let child: ChildProcess | null = null;
  after(() => {
    child?.kill('SIGTERM');
    home.cleanup();
  });

  it('ingests the demo corpus, prints the URL and what is on, and answers from the demo', { timeout: 120_000 }, async () => {
    child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'serve', '--port', '0', '--home', home.dir], {
      env: { ...withoutHost(process.env), DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /answers: .*\n/.test(out) ? /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out) : null;
        if (m?.[1]) resolve(m[1]);
      });
      child?.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });
    assert.match(out, /ingesting .*corpora\/demo/);
    assert.match(out, /semantic search: off/);
    assert.match(out, /answers: extractive/);
    const health = (await (await fetch(url + 'api/health')).json()) as { corpora: Array<{ corpus: string; passages: number }> };
    assert.ok((health.corpora.find((c) => c.corpus === 'demo')?.passages ?? 0) > 0);
    assert.ok(!health.corpora.some((c) => c.corpus !== 'demo'));
    const sources = (await (await fetch(url + 'api/sources?corpus=demo')).json()) as { sources: Array<{ id: string; path: string; kind: string; state: string }> };
    assert.ok(!sources.sources.some((s) => s.path.endsWith('corpora/demo/README.md')), "the demo's README is not part of its archive");
    assert.ok(sources.sources.every((s) => s.state === 'ingested'), JSON.stringify(sources.sources.filter((s) => s.state !== 'ingested')));
    const letter = sources.sources.find((s) => s.kind === 'letter');
    assert.ok(letter);
    const text = await fetch(url + `media/${letter.id}/text`);
    assert.equal(text.status, 200, 'the media routes are mounted');
    assert.match(text.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const selects = await fetch(url + 'api/selects/demo');
    assert.notEqual(selects.status, 404, 'the select-list routes are mounted');
  });
});
