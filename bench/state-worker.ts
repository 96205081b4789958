/**
 * One process of `npm run bench:state`: writes `count` answer records to one candidate store (or, as a
 * reader, reads while the writers write), then prints one JSON line with its latencies.
 * Usage: tsx bench/state-worker.ts <sqlite|lancedb> <writer|reader> <home> <tag> <count>
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { openAnswerStore } from '../server/records/answer-store.ts';
import { answerRecordFixture } from '../test/helpers/state-fixtures.ts';

const [store, role, home, tag, countArg] = process.argv.slice(2);
if (!store || !role || !home || !tag || !countArg) throw new Error('usage: state-worker.ts <sqlite|lancedb> <writer|reader> <home> <tag> <count>');
const count = Number(countArg);
const latencies: number[] = [];
const errors: string[] = [];
let reads = 0;

const timed = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  try {
    await fn();
  } catch (err) {
    errors.push((err as Error).message.slice(0, 200));
  }
  latencies.push(performance.now() - t);
};

const started = performance.now();
if (store === 'sqlite') {
  const answers = await openAnswerStore(home, { maxAnswers: 1_000_000 });
  if (role === 'writer') {
    for (let i = 0; i < count; i++) await timed(() => answers.save(answerRecordFixture(`ans_${tag}_${i}`, `conv_${tag}_${i % 10}`, `question ${i} from ${tag}?`)));
  } else {
    const until = Date.now() + count;
    while (Date.now() < until) {
      await timed(async () => {
        await answers.listConversations(20);
        await answers.getAnswer(`ans_w1_${reads % 50}`);
      });
      reads += 1;
    }
  }
  answers.close();
} else {
  const db = await lancedb.connect(path.join(home, 'lance'), { readConsistencyInterval: 0 });
  const table = await db.openTable('answers');
  if (role === 'writer') {
    for (let i = 0; i < count; i++) {
      const record = answerRecordFixture(`ans_${tag}_${i}`, `conv_${tag}_${i % 10}`, `question ${i} from ${tag}?`);
      await timed(() => table.add([{ id: record.id, conversation_id: record.conversation_id, created_at: record.created_at, record: JSON.stringify(record) }]));
    }
  } else {
    const until = Date.now() + count;
    while (Date.now() < until) {
      await timed(async () => {
        await table.query().where(`conversation_id = 'conv_w1_0'`).toArray();
        await table.query().where(`id = 'ans_w1_${reads % 50}'`).limit(1).toArray();
      });
      reads += 1;
    }
  }
  table.close();
  db.close();
}
process.stdout.write(JSON.stringify({ role, latencies, errors: errors.slice(0, 3), errorCount: errors.length, reads, wall_ms: performance.now() - started }) + '\n');
