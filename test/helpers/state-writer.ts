/**
 * A separate process for the state store's concurrency test: saves `count` answers and adds `count` selects to
 * the state store of `home`, through the real answer and select stores, then prints one JSON line
 * `{ saved, selected, errors }`. Usage: node --import tsx state-writer.ts <home> <tag> <count> <corpus>
 */
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { openSelectStore, type SelectItem } from '../../server/selects/select-store.ts';
import { answerRecordFixture } from './state-fixtures.ts';

const [home, tag, countArg, corpus] = process.argv.slice(2);
if (!home || !tag || !countArg || !corpus) throw new Error('usage: state-writer.ts <home> <tag> <count> <corpus>');
const count = Number(countArg);
const answers = await openAnswerStore(home);
const selects = await openSelectStore(home);
let saved = 0;
let selected = 0;
const errors: string[] = [];
for (let i = 0; i < count; i++) {
  try {
    await answers.save(answerRecordFixture(`ans_${tag}_${i}`, `conv_${tag}_${i % 10}`, `question ${i} from ${tag}?`));
    saved += 1;
  } catch (err) {
    errors.push((err as Error).message);
  }
  try {
    const item: SelectItem = {
      id: `sel_${tag}_${i}`,
      passage_id: `src${tag}:${i}`,
      source_id: `src${tag}`,
      corpus,
      path: `/rushes/${tag}.mov`,
      title: tag,
      kind: 'media',
      start_s: i,
      end_s: i + 1,
      handle_before_s: 0,
      handle_after_s: 0,
      speaker: null,
      text: `select ${i} of ${tag}`,
      note: null,
      added_at: new Date().toISOString(),
    };
    await selects.add(corpus, [item]);
    selected += 1;
  } catch (err) {
    errors.push((err as Error).message);
  }
}
answers.close();
selects.close();
process.stdout.write(JSON.stringify({ saved, selected, errors: errors.slice(0, 5), errorCount: errors.length }) + '\n');
