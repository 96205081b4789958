import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, describe, it } from 'node:test';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { tempDir } from '../helpers/env.ts';
import { answerRecordFixture } from '../helpers/state-fixtures.ts';

const recordOf = (id: string, conversation_id: string, question: string): AnswerRecord => answerRecordFixture(id, conversation_id, question);

describe('answer records in the state store', () => {
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
      const db = new Database(store.file, { readonly: true });
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n, 3);
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n, 1);
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM answer_passages').get() as { n: number }).n, 3, 'dropped answers lose their passage links too');
      db.close();
      store.close();
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
