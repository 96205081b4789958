import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { AskResult } from '../../core/protocol/chat.ts';
import { Archive } from '../../core/store/archive.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';
import { fixtureDocs } from '../helpers/server-app.ts';

const exec = promisify(execFile);

describe('`darkroom ask` and `darkroom replay` from the command line', () => {
  const tmp = tempDir('darkroom-cli-ask-');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_HOME: home };
  const darkroom = (...args: string[]) =>
    exec(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), ...args], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  before(async () => {
    const docs = path.join(tmp.dir, 'docs');
    mkdirSync(docs);
    for (const [name, text] of Object.entries(fixtureDocs)) writeFileSync(path.join(docs, name), text);
    const archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    archive.close();
  });
  after(() => tmp.cleanup());

  let answerId = '';

  it('prints the answer, its sources and the record id', async () => {
    const r = await darkroom('ask', 'What struck the barn during the storm?', '--corpus', 'test');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /struck by lightning/);
    assert.match(r.stdout, /\[\d\] .*letter_1912_barn\.txt/);
    assert.match(r.stdout, /mode: extractive/);
    assert.match(r.stdout, /cost: [\d.]+ s wall · retrieval [\d.]+ s · peak memory \d+ MB · (energy not measurable here|[\d.]+ J)/);
    answerId = /record: (ans_\w+)/.exec(r.stdout)?.[1] ?? '';
    assert.ok(answerId);
  });

  it('gives answer text, mode, abstained, citations with search-hit fields, and the record with --json', async () => {
    const r = await darkroom('ask', 'What did the hail flatten?', '--corpus', 'test', '--json');
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as AskResult;
    assert.equal(result.mode, 'extractive');
    assert.equal(result.abstained, false);
    assert.match(result.answer, /flattened the east field/);
    const c = result.citations[0];
    assert.ok(c && typeof c.score === 'number' && c.why && c.language && c.passage_id === c.id);
    assert.equal(result.record.id, result.answer_id);
  });

  it('replays a recorded answer and exits 0 when it is byte-identical', async () => {
    const r = await darkroom('replay', answerId);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /byte-identical/);
  });

  it('exits non-zero with a message naming the fix for an unknown answer, an empty question or an unknown corpus', async () => {
    const unknown = await darkroom('replay', 'ans_nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No answer record "ans_nope"/);
    const empty = await darkroom('ask', '  ', '--corpus', 'test');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /question is empty/);
    const corpus = await darkroom('ask', 'flood', '--corpus', 'nope');
    assert.equal(corpus.code, 1);
    assert.match(corpus.stderr, /No corpus named "nope"/);
  });
});
