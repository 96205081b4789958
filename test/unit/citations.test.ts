import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchHit } from '../../core/types.ts';
import { containsQuote, parseCitations } from '../../server/chat/citations.ts';

function hit(n: number, text: string, extra: Partial<SearchHit> = {}): SearchHit {
  return {
    id: `src${n}:0`, corpus: 'film', source_id: `src${n}`, path: `/archive/doc${n}.txt`, kind: 'letter', title: `Letter ${n}`,
    page: null, char_start: 0, char_end: text.length, start_s: null, end_s: null, tc_in: null, tc_out: null, fps: null,
    reel: null, speaker: null, language: 'en', heading: null, text, score: 1 / n,
    why: { bm25_rank: n, bm25_score: 10 - n, vector_rank: null, vector_distance: null }, ...extra,
  };
}

const passages = [
  hit(1, 'The river rose at dawn and the whole valley was under water by noon.'),
  hit(2, 'We left the farm in March, taking only the cow and the   letters.', { page: 7 }),
  hit(3, 'MARIE: I never went back. Not once.', { kind: 'media', tc_in: '10:00:01:00', tc_out: '10:00:09:12', fps: 25, reel: 'A012', speaker: 'MARIE', start_s: 1, end_s: 9.48 }),
  hit(4, 'L’eau est montée à l’aube.'),
];

const numbers = (answer: string) => parseCitations(answer, passages).citations.map((c) => c.n);

describe('parseCitations', () => {
  it('reads [n], [n, m], [n-m] and [n][m]', () => {
    assert.deepEqual(numbers('The river rose [1].'), [1]);
    assert.deepEqual(numbers('They left [2, 3].'), [2, 3]);
    assert.deepEqual(numbers('See [1-3].'), [1, 2, 3]);
    assert.deepEqual(numbers('See [3][1].'), [1, 3]);
    assert.deepEqual(numbers('See [2–4] and [ 1 ; 2 ].'), [1, 2, 3, 4]);
  });

  it('maps each number to its passage with source, page and timecode fields', () => {
    const { citations } = parseCitations('She never went back [3]; they left in March [2].', passages);
    const media = citations.find((c) => c.n === 3);
    assert.deepEqual(
      media && { passage_id: media.passage_id, tc_in: media.tc_in, tc_out: media.tc_out, fps: media.fps, reel: media.reel, speaker: media.speaker, kind: media.kind },
      { passage_id: 'src3:0', tc_in: '10:00:01:00', tc_out: '10:00:09:12', fps: 25, reel: 'A012', speaker: 'MARIE', kind: 'media' },
    );
    assert.equal(citations.find((c) => c.n === 2)?.page, 7);
    assert.equal(citations.find((c) => c.n === 2)?.text, passages[1]?.text);
  });

  it('drops invented numbers and lists them', () => {
    const result = parseCitations('True [1]. Invented [0] and [9] and [5-6] and [99999999].', passages);
    assert.deepEqual(result.citations.map((c) => c.n), [1]);
    assert.deepEqual(result.dropped.sort((a, b) => a - b), [0, 5, 6, 9, 99999999]);
  });

  it('does not expand an absurd range into thousands of numbers', () => {
    const result = parseCitations('All of it [1-100000].', passages);
    assert.deepEqual(result.citations.map((c) => c.n), [1]);
    assert.deepEqual(result.dropped, [100000]);
  });

  it('tolerates unbalanced brackets and junk without throwing', () => {
    const hostile = '[[1]] [2 [ ] [] [-] [a] ]]3[ [1,,] \u0000 [４] [3 cite me';
    const result = parseCitations(hostile, passages);
    assert.deepEqual(result.citations.map((c) => c.n), [1]);
    assert.deepEqual(parseCitations('', passages), { citations: [], dropped: [] });
    assert.deepEqual(parseCitations('No citations at all.', []), { citations: [], dropped: [] });
    assert.deepEqual(parseCitations('Cites [1] with nothing given.', []).dropped, [1]);
  });

  it('verifies a quotation against the passage cited after it', () => {
    const { citations } = parseCitations('Marie said “I never went back.” [3] The letter: "taking only the cow and the letters" [2].', passages);
    assert.deepEqual(citations.find((c) => c.n === 3)?.quotes, [{ text: 'I never went back.', verified: true }]);
    assert.deepEqual(citations.find((c) => c.n === 2)?.quotes, [{ text: 'taking only the cow and the letters', verified: true }]);
  });

  it('marks a quotation that is not in the cited passage', () => {
    const { citations } = parseCitations('She wrote "the flood took everything we had" [1].', passages);
    assert.deepEqual(citations[0]?.quotes, [{ text: 'the flood took everything we had', verified: false }]);
  });

  it('marks a quotation found in another passage than the one cited as unverified', () => {
    const { citations } = parseCitations('"I never went back" [1]', passages);
    assert.equal(citations[0]?.quotes[0]?.verified, false);
  });

  it('attributes a quote cited by several passages to the one that holds it', () => {
    const { citations } = parseCitations('"Not once" [1, 3]', passages);
    assert.deepEqual(citations.find((c) => c.n === 3)?.quotes, [{ text: 'Not once', verified: true }]);
    assert.deepEqual(citations.find((c) => c.n === 1)?.quotes, []);
  });

  it('reads French guillemets and typographic apostrophes', () => {
    const { citations } = parseCitations("Elle écrit « L'eau est montée à l'aube » [4].", passages);
    assert.deepEqual(citations[0]?.quotes, [{ text: "L'eau est montée à l'aube", verified: true }]);
  });

  it('accepts an ellipsis as an omission, pieces in order only', () => {
    assert.ok(containsQuote(passages[0]?.text ?? '', 'The river rose … under water by noon'));
    assert.ok(!containsQuote(passages[0]?.text ?? '', 'under water by noon ... The river rose'));
  });

  it('attributes a quotation to the citation after a short attribution in the same sentence', () => {
    const { citations } = parseCitations('"Not once," she says, looking away. [3]', passages);
    assert.deepEqual(citations[0]?.quotes, [{ text: 'Not once,', verified: true }]);
  });

  it('leaves a quotation with no citation after it unattributed', () => {
    const { citations } = parseCitations('"I never went back." That is all. Later she left [2].', passages);
    assert.deepEqual(citations.find((c) => c.n === 2)?.quotes, []);
  });

  it('never verifies an empty or punctuation-only quotation', () => {
    assert.equal(containsQuote('anything', ' ... '), false);
    const { citations } = parseCitations('"" [1] "..." [1]', passages);
    assert.deepEqual(citations[0]?.quotes, []);
  });
});
