import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCategories, evalSet, halfOf } from '../eval/question-set.ts';

describe('the eval question set', () => {
  it('splits questions into halves by a fixed hash of their id', () => {
    // Recorded when the split was committed, before any tuning: a question never changes half.
    assert.equal(halfOf('demo-readme-school-close'), 'tuning');
    assert.equal(halfOf('demo-readme-flood'), 'held-out');
    assert.equal(halfOf('sample-cross-fr-cornemuse'), 'tuning');
    assert.equal(halfOf('stewart-stage-driver'), halfOf('stewart-stage-driver'));
    for (const q of evalSet) assert.equal(q.half, halfOf(q.id));
  });

  it('has at least 120 questions with unique ids, every category in both halves', () => {
    assert.ok(evalSet.length >= 120, `${evalSet.length} questions`);
    assert.equal(new Set(evalSet.map((q) => q.id)).size, evalSet.length);
    for (const category of evalCategories) {
      for (const half of ['tuning', 'held-out'] as const) {
        assert.ok(evalSet.some((q) => q.category === category && q.half === half), `${category} has a ${half} question`);
      }
    }
    for (const q of evalSet) assert.equal(q.category === 'unanswerable', q.sources.length === 0, q.id);
  });
});
