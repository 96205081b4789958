import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitByQuotes } from '../../web/src/highlight.ts';

describe('quotations marked inside a passage', () => {
  it('marks each verbatim quotation and keeps the rest as it is', () => {
    const text = 'Dear Mother, The school reopened after the flood. The teacher came back.';
    assert.deepEqual(splitByQuotes(text, ['The school reopened after the flood.']), [
      { text: 'Dear Mother, ', quoted: false },
      { text: 'The school reopened after the flood.', quoted: true },
      { text: ' The teacher came back.', quoted: false },
    ]);
  });

  it('merges overlapping quotations and ignores ones that are not in the passage', () => {
    const runs = splitByQuotes('abc def ghi', ['abc def', 'def ghi', 'zzz', ' ']);
    assert.deepEqual(runs, [
      { text: 'abc def', quoted: true },
      { text: ' ghi', quoted: true },
    ]);
    assert.equal(runs.map((r) => r.text).join(''), 'abc def ghi');
  });

  it('leaves a passage with no quotation whole', () => {
    assert.deepEqual(splitByQuotes('plain', []), [{ text: 'plain', quoted: false }]);
  });
});
