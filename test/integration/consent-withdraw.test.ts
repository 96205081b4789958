/**
 * Withdrawal leaves nothing on disk: a timed transcript holding a unique phrase (and a made-up word, since the
 * full-text index keeps tokens) is ingested with the GloVe embedder (so it has vectors), asked about (extractive,
 * a follow-up, and with the test LLM when present), selected and exported (SRT) into the archive folder; then
 * `darkroom withdraw` runs, and every byte of every file under DARKROOM_HOME is scanned for the phrase, the word
 * and the vectors' bytes. The same after a withdrawal SIGKILLed halfway and run again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import Database from 'better-sqlite3';
import { gloveModel, needs, repoRoot, storiesModel, tempDir } from '../helpers/env.ts';
import { scanFiles, textNeedle, type Needle } from '../helpers/byte-scan.ts';

const PHRASE = 'the zorbleflax kettle sang at midnight by the harbour wall';
const WORD = 'zorbleflax';
const skipGlove = needs(gloveModel, 'the GloVe embedding model');

function darkroom(home: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, DARKROOM_EMBED_MODEL: gloveModel, DARKROOM_LLM_MODEL: '', LANCEDB_LOG: 'error', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { status: number | null; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.status, 0, `${what} failed: ${r.stderr}`);
  return r.stdout;
}

/** Writes the two sources: the testimony to withdraw (a timed transcript) and an unrelated one. */
function writeSources(docs: string): { secret: string; other: string } {
  mkdirSync(docs, { recursive: true });
  const secret = path.join(docs, 'witness_b.srt');
  writeFileSync(
    secret,
    `1\n00:00:01,000 --> 00:00:06,000\nMarguerite Delacroix: I swear ${PHRASE}, and nobody in the village believed me.\n\n2\n00:00:06,500 --> 00:00:11,000\nMarguerite Delacroix: The ${WORD} was my grandmother's word for the copper pot.\n`,
  );
  const other = path.join(docs, 'weather.srt');
  writeFileSync(other, '1\n00:00:01,000 --> 00:00:05,000\nNarrator: The fishing boats came back early because of the storm over the estuary.\n');
  return { secret, other };
}

/** Ingests, asks, follows up, selects and exports; returns the vectors of the secret's passages and the ids made. */
async function buildArchive(home: string, docs: string): Promise<{ vectors: Buffer[]; answerId: string; conversationId: string; otherAnswerId: string; secret: string }> {
  const { secret } = writeSources(docs);
  ok(darkroom(home, ['ingest', docs, '--corpus', 'film']), 'ingest');
  const asked = JSON.parse(ok(darkroom(home, ['ask', `What did the ${WORD} kettle do at midnight?`, '--corpus', 'film', '--mode', 'extractive', '--json']), 'ask')) as {
    answer_id: string;
    conversation_id: string;
    citations: Array<{ passage_id: string; source_id: string }>;
  };
  assert.ok(asked.citations.length > 0, 'the extractive answer cites the testimony');
  ok(darkroom(home, ['ask', 'Who did not believe her?', '--corpus', 'film', '--mode', 'extractive', '--conversation', asked.conversation_id]), 'follow-up');
  if (existsSync(storiesModel)) ok(darkroom(home, ['ask', `Tell me about the ${WORD} kettle.`, '--corpus', 'film', '--mode', 'llm', '--conversation', asked.conversation_id], { DARKROOM_LLM_MODEL: storiesModel, DARKROOM_THREADS: '1' }), 'ask with the test LLM');
  else process.stderr.write(`skip (LLM part only): the test LLM not found at ${storiesModel}\n`);
  const other = JSON.parse(ok(darkroom(home, ['ask', 'Why did the fishing boats come back early?', '--corpus', 'film', '--mode', 'extractive', '-k', '1', '--json']), 'ask other')) as { answer_id: string };
  const cited = asked.citations[0]!;
  ok(darkroom(home, ['selects', 'add', cited.passage_id, '--corpus', 'film', '--note', 'keep this']), 'selects add');
  mkdirSync(path.join(home, 'exports'));
  ok(darkroom(home, ['export', '--corpus', 'film', '--format', 'srt', '--out', path.join(home, 'exports')]), 'export');

  const db = await lancedb.connect(path.join(home, 'lance'));
  const table = await db.openTable('passages');
  const rows = await table.query().where(`source_path = '${secret}'`).select(['vector']).toArray();
  db.close();
  const vectors = rows.map((r) => Buffer.from(Float32Array.from((r as { vector: Iterable<number> }).vector).buffer));
  assert.ok(vectors.length > 0 && vectors.every((v) => v.length === 400), 'the testimony has 100-d vectors');
  return { vectors, answerId: asked.answer_id, conversationId: asked.conversation_id, otherAnswerId: other.answer_id, secret };
}

function needlesOf(vectors: Buffer[]): Needle[] {
  return [
    textNeedle('phrase', PHRASE),
    textNeedle('word', WORD),
    ...vectors.flatMap((v, i) => [
      { name: `vector ${i}`, bytes: v },
      { name: `vector ${i} (first 64 bytes)`, bytes: v.subarray(0, 64) },
      { name: `vector ${i} (bytes 200-264)`, bytes: v.subarray(200, 264) },
    ]),
  ];
}

describe('withdrawal leaves no byte of the material under DARKROOM_HOME', { skip: skipGlove }, () => {
  const tmp = tempDir('darkroom-withdraw-');
  after(() => tmp.cleanup());

  it('erases the phrase, its indexed word and its vectors from every file, and tombstones the answers that used it', { timeout: 900_000 }, async () => {
    const home = path.join(tmp.dir, 'home');
    const built = await buildArchive(home, path.join(tmp.dir, 'docs'));
    const needles = needlesOf(built.vectors);
    const beforeScan = scanFiles(home, needles);
    for (const name of ['phrase', 'word', 'vector 0']) assert.ok(beforeScan.found.some((f) => f.needle === name), `the scan finds the ${name} before the withdrawal (else it proves nothing)`);
    assert.ok(beforeScan.found.some((f) => f.file.startsWith('exports')), 'the export holds the words before');

    const out = ok(darkroom(home, ['withdraw', built.secret]), 'withdraw');
    assert.match(out, /withdrew \d+ passages; [1-9]\d* answers became tombstones/);

    const scan = scanFiles(home, needles);
    process.stderr.write(`byte scan after withdrawal: ${scan.files} files, ${scan.bytes} bytes, ${scan.found.length} traces\n`);
    assert.deepEqual(scan.found, []);

    // The rest stays: the conversation with a tombstone turn, the unrelated answer, the other source.
    const state = new Database(path.join(home, 'state.db'), { readonly: true });
    const rows = state.prepare('SELECT id, record, withdrawn_at FROM answers ORDER BY seq').all() as Array<{ id: string; record: string; withdrawn_at: string | null }>;
    state.close();
    const tomb = rows.find((r) => r.id === built.answerId)!;
    assert.ok(tomb.withdrawn_at);
    assert.match((JSON.parse(tomb.record) as { answer: string }).answer, /^material withdrawn on \d{4}-\d{2}-\d{2}$/);
    assert.equal(rows.find((r) => r.id === built.otherAnswerId)?.withdrawn_at, null, 'an answer that never used the material stays');
    const replay = darkroom(home, ['replay', built.answerId]);
    assert.notEqual(replay.status, 0);
    assert.match(replay.stderr, /cannot be replayed: material it used was withdrawn on/);
    assert.equal(JSON.parse(ok(darkroom(home, ['selects', 'list', '--corpus', 'film', '--json']), 'selects list')).items.length, 0);
    const sources = JSON.parse(ok(darkroom(home, ['sources', '--corpus', 'film', '--json']), 'sources')) as Array<{ path: string }>;
    assert.deepEqual(sources.map((s) => path.basename(s.path)), ['weather.srt']);
    assert.match(ok(darkroom(home, ['search', 'fishing boats storm', '--corpus', 'film']), 'search'), /weather\.srt/);

    // Ingesting the folder again does not bring the withdrawn testimony back.
    ok(darkroom(home, ['ingest', path.dirname(built.secret), '--corpus', 'film']), 'ingest again');
    assert.deepEqual(scanFiles(home, needles).found, []);
  });

  it('completes a withdrawal SIGKILLed halfway when run again, leaving no byte either', { timeout: 900_000 }, async () => {
    const home = path.join(tmp.dir, 'killed');
    const built = await buildArchive(home, path.join(tmp.dir, 'docs-killed'));
    const needles = needlesOf(built.vectors);
    const killed = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'helpers', 'purge-and-die.ts'), home, built.secret, 'deleted'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000, env: { ...process.env, LANCEDB_LOG: 'error' } });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    assert.ok(scanFiles(home, needles).found.some((f) => f.file.startsWith('lance')), 'halfway: the rows are deleted but old versions still hold their bytes');

    const out = ok(darkroom(home, ['withdraw', built.secret]), 'withdraw again');
    assert.match(out, /completed an interrupted purge/);
    assert.match(out, /already withdrawn on/);
    const scan = scanFiles(home, needles);
    process.stderr.write(`byte scan after a killed withdrawal and its rerun: ${scan.files} files, ${scan.bytes} bytes, ${scan.found.length} traces\n`);
    assert.deepEqual(scan.found, []);
  });

  it('refuses an unknown source or speaker, saying how to find them', () => {
    const home = path.join(tmp.dir, 'home');
    const unknown = darkroom(home, ['withdraw', '/nowhere/tape.mov']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No source "\/nowhere\/tape\.mov".*darkroom sources/);
    const speaker = darkroom(home, ['withdraw', '--speaker', 'Nobody', '--corpus', 'film']);
    assert.equal(speaker.status, 1);
    assert.match(speaker.stderr, /No passage of a speaker named "Nobody" in corpus film\. Speakers there.*"Narrator"/);
    const corpus = darkroom(home, ['withdraw', '--speaker', 'Narrator', '--corpus', 'nope']);
    assert.match(corpus.stderr, /No corpus named "nope"/);
  });
});
