import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { extractiveModel } from '../../server/chat/service.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { tempDir } from '../helpers/env.ts';

function recordOf(id: string, conversation_id: string, question: string): AnswerRecord {
  return {
    id,
    conversation_id,
    created_at: new Date().toISOString(),
    question,
    corpus: 'test',
    mode: 'extractive',
    abstained: false,
    abstain_reason: null,
    answer: `answer to ${question}`,
    citations: [],
    dropped_citations: [],
    request: { mode: 'auto', limit: 8, filters: null },
    retrieval: { query: question, semantic: false, notes: [], table_version: 3, embedder: null, passages: [{ n: 1, id: 'src:0', score: 0.5, why: { bm25_rank: 1, bm25_score: 2, vector_rank: null, vector_distance: null }, cited: true }] },
    model: extractiveModel,
    settings: null,
    prompt: null,
    prompt_messages: null,
    output: `answer to ${question}`,
    cost: { wall_s: 0.1, retrieval_s: 0.01, ttft_s: null, tokens_in: null, tokens_out: null, tokens_per_s: null, peak_rss_mb: 100, vram_mb: null, energy_j: null, notes: [] },
  };
}

describe('answer records in lowdb', () => {
  const tmp = tempDir('darkroom-records-');
  after(() => tmp.cleanup());

  it('keeps conversations in order and gives a follow-up its history', async () => {
    const store = await openAnswerStore(tmp.dir);
    await store.save(recordOf('a1', 'c1', 'first?'));
    await store.save(recordOf('a2', 'c1', 'second?'));
    await store.save(recordOf('b1', 'c2', 'other?'));
    assert.deepEqual(await store.history('c1'), [
      { question: 'first?', answer: 'answer to first?' },
      { question: 'second?', answer: 'answer to second?' },
    ]);
    const c1 = await store.getConversation('c1');
    assert.deepEqual(c1?.answers.map((a) => a.id), ['a1', 'a2']);
    assert.equal(c1?.conversation.title, 'first?');
    assert.deepEqual((await store.listConversations()).map((c) => c.id).sort(), ['c1', 'c2']);
  });

  it('sees records another process (another store on the same file) wrote', async () => {
    const mine = await openAnswerStore(tmp.dir);
    const theirs = await openAnswerStore(tmp.dir);
    await theirs.save(recordOf('x1', 'c3', 'from the CLI?'));
    assert.equal((await mine.getAnswer('x1'))?.question, 'from the CLI?');
    await mine.save(recordOf('x2', 'c3', 'from the server?'));
    assert.ok(await theirs.getAnswer('x1'), 'a write keeps what the other store wrote');
  });

  it('drops the oldest answers past the cap, and conversations left empty with them', async () => {
    const capped = tempDir('darkroom-records-cap-');
    try {
      const store = await openAnswerStore(capped.dir, { maxAnswers: 3 });
      await Promise.all([
        store.save(recordOf('o1', 'old', 'q1')),
        store.save(recordOf('o2', 'old', 'q2')),
        store.save(recordOf('n1', 'new', 'q3')),
        store.save(recordOf('n2', 'new', 'q4')),
        store.save(recordOf('n3', 'new', 'q5')),
      ]);
      assert.equal(await store.getAnswer('o1'), null);
      assert.equal(await store.getConversation('old'), null);
      assert.deepEqual((await store.getConversation('new'))?.answers.map((a) => a.id), ['n1', 'n2', 'n3']);
      const state = JSON.parse(readFileSync(store.file, 'utf8')) as { answers: unknown[]; conversations: unknown[] };
      assert.equal(state.answers.length, 3);
      assert.equal(state.conversations.length, 1);
    } finally {
      capped.cleanup();
    }
  });
});

describe('the generation queue', () => {
  it('runs one task at a time, in arrival order', async () => {
    const queue = createGenerationQueue(1);
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setImmediate(r));
      log.push(`${name} end`);
    };
    await Promise.all([queue.run(undefined, task('a')), queue.run(undefined, task('b')), queue.run(undefined, task('c'))]);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('lets a waiting question leave when its client cancels, and refuses with BUSY past the waiting limit', async () => {
    const queue = createGenerationQueue(1, 1);
    let release = () => {};
    const running = queue.run(undefined, () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = queue.run(controller.signal, () => Promise.resolve('ran'));
    await assert.rejects(queue.run(undefined, () => Promise.resolve('ran')), { code: 'BUSY' });
    assert.deepEqual(queue.stats(), { running: 1, waiting: 1 });
    controller.abort();
    await assert.rejects(waiting, { code: 'CANCELLED' });
    assert.deepEqual(queue.stats(), { running: 1, waiting: 0 });
    release();
    await running;
    assert.equal(await queue.run(undefined, () => Promise.resolve('next')), 'next');
  });
});
