import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { isDarkroomError } from '../../core/errors.ts';
import { applyMigrations, openStateStore } from '../../core/store/state/open-state.ts';
import { BACKUP_SUFFIX } from '../../core/store/state/import-legacy.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { openSelectStore } from '../../server/selects/select-store.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';
import { answerRecordFixture } from '../helpers/state-fixtures.ts';

const run = promisify(execFile);
const writer = path.join(repoRoot, 'test', 'helpers', 'state-writer.ts');

describe('the state store shared by several processes', () => {
  const tmp = tempDir('darkroom-state-');
  after(() => tmp.cleanup());

  it('keeps all 1,600 answers and selects that 4 processes write at once, with no error', { timeout: 600_000 }, async () => {
    const home = path.join(tmp.dir, 'concurrent');
    const results = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map(async (tag) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', writer, home, tag, '200', 'shared'], { cwd: repoRoot, timeout: 540_000, maxBuffer: 1 << 20 });
        return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { saved: number; selected: number; errorCount: number; errors: string[] };
      }),
    );
    for (const r of results) assert.deepEqual([r.saved, r.selected, r.errorCount, r.errors], [200, 200, 0, []]);
    const answers = await openAnswerStore(home);
    const selects = await openSelectStore(home);
    const db = new Database(answers.file, { readonly: true });
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM answers').get() as { n: number }).n, 800);
    assert.equal((db.prepare('SELECT COUNT(DISTINCT id) AS n FROM answers').get() as { n: number }).n, 800);
    db.close();
    const list = await selects.list('shared');
    assert.equal(list.length, 800);
    assert.equal(new Set(list.map((s) => s.id)).size, 800);
    for (const tag of ['p1', 'p2', 'p3', 'p4']) {
      const mine = list.filter((s) => s.source_id === `src${tag}`).map((s) => s.start_s);
      assert.deepEqual(mine, [...mine].sort((a, b) => a - b), `${tag}'s selects keep the order it added them in`);
      assert.equal((await answers.getConversation(`conv_${tag}_0`))?.answers.length, 20);
    }
    answers.close();
    selects.close();
  });

  it('imports state.json and selects.json once, keeps them as backups, and loses nothing', async () => {
    const home = path.join(tmp.dir, 'legacy');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home, { recursive: true });
    const a1 = answerRecordFixture('a1', 'c1', 'first?');
    const a2 = answerRecordFixture('a2', 'c1', 'second?');
    const legacyState = { format: 1, conversations: [{ id: 'c1', created_at: a1.created_at, updated_at: a2.created_at, title: 'first?', corpus: 'test', answer_ids: ['a1', 'a2'] }], answers: [a1, a2] };
    const item = { id: 'sel_1', passage_id: 's:1', source_id: 's', corpus: 'test', path: '/r.mov', title: 'r', kind: 'video', start_s: 1, end_s: 2, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 't', note: 'keep', added_at: a1.created_at };
    writeFileSync(path.join(home, 'state.json'), JSON.stringify(legacyState));
    writeFileSync(path.join(home, 'selects.json'), JSON.stringify({ format: 1, lists: { test: [item] } }));

    const answers = await openAnswerStore(home);
    const selects = await openSelectStore(home);
    assert.deepEqual(await answers.history('c1'), [
      { question: 'first?', answer: 'answer to first?' },
      { question: 'second?', answer: 'answer to second?' },
    ]);
    assert.deepEqual(await selects.list('test'), [item]);
    assert.ok(!existsSync(path.join(home, 'state.json')) && !existsSync(path.join(home, 'selects.json')));
    assert.deepEqual(JSON.parse(readFileSync(path.join(home, `state.json${BACKUP_SUFFIX}`), 'utf8')), legacyState, 'the old file is kept as it was');
    assert.ok(existsSync(path.join(home, `selects.json${BACKUP_SUFFIX}`)));

    // A state.json that reappears (an old version run again) is not imported twice.
    writeFileSync(path.join(home, 'state.json'), JSON.stringify(legacyState));
    const again = await openAnswerStore(home);
    assert.equal((await again.getConversation('c1'))?.answers.length, 2);
    for (const s of [answers, selects, again]) s.close();
  });

  it('refuses a corrupt state store with STATE_UNAVAILABLE, leaving the file as it was', () => {
    const home = path.join(tmp.dir, 'corrupt');
    const store = openStateStore(home);
    const file = store.file;
    store.close();
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);
    assert.throws(
      () => openStateStore(home),
      (err: unknown) => isDarkroomError(err, 'STATE_UNAVAILABLE') && /state\.db/.test(err.message) && /playback works/.test(err.message),
    );
    assert.deepEqual(readFileSync(file), garbage);
  });

  it('applies each numbered migration once, including one numbered below the newest applied', () => {
    const db = new Database(':memory:');
    const ran: number[] = [];
    const m = (id: number) => ({ id, name: `m${id}`, up: () => void ran.push(id) });
    assert.deepEqual(applyMigrations(db, [m(1), m(100)]), [1, 100]);
    assert.deepEqual(applyMigrations(db, [m(1), m(2), m(100)]), [2]);
    assert.deepEqual(applyMigrations(db, [m(1), m(2), m(100)]), []);
    assert.deepEqual(ran, [1, 100, 2]);
    assert.throws(() => applyMigrations(db, [m(3), m(3)]), /duplicate/);
    db.close();
  });
});
