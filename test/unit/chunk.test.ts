import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkExtracted, resolveChunkOptions } from '../../ingest/chunk/chunk.ts';
import type { Extracted, Segment } from '../../ingest/extract/types.ts';

const sentence = (i: number) => `Sentence number ${i} tells of the river and the school.`;
const prose = (segments: Segment[]): Extracted => ({ kind: 'document', title: 't', structure: 'prose', segments });
const cues = (segments: Segment[]): Extracted => ({ kind: 'transcript', title: 't', structure: 'cues', segments });

describe('chunking prose', () => {
  it('never puts two pages in one passage', () => {
    const chunks = chunkExtracted(prose([
      { text: 'Page one text.', page: 1 },
      { text: 'Page two text.', page: 2 },
    ]));
    assert.deepEqual(chunks.map((c) => [c.page, c.text]), [[1, 'Page one text.'], [2, 'Page two text.']]);
  });

  it('packs short paragraphs up to the target and cuts long ones at sentence ends, keeping spans', () => {
    const long = Array.from({ length: 60 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkExtracted(prose([{ text: long, char_start: 100, char_end: 100 + long.length }]), { targetChars: 400, maxChars: 600, overlapChars: 0 });
    assert.ok(chunks.length >= long.length / 400);
    for (const c of chunks) {
      assert.ok(c.text.length <= 400, `passage of ${c.text.length} chars`);
      assert.match(c.text, /\.$/, 'ends at a sentence end');
      assert.equal(long.slice((c.char_start ?? 0) - 100, (c.char_end ?? 0) - 100), c.text, 'span points at the passage text');
    }
  });

  it('repeats the previous passage\'s last sentence as overlap', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => ({ text: sentence(i) + ' ' + sentence(i + 100) }));
    const chunks = chunkExtracted(prose(paragraphs), { targetChars: 230, maxChars: 400, overlapChars: 80 });
    assert.ok(chunks.length > 1);
    const second = chunks[1]?.text ?? '';
    assert.ok(second.startsWith(sentence(101)), second);
  });

  it('keeps a heading on every passage after it and starts a new passage when the heading changes', () => {
    const chunks = chunkExtracted(prose([
      { text: 'DEAR MRS. CONEY, first letter.', heading: 'April 18, 1909' },
      { text: 'More of the first letter.' },
      { text: 'DEAR MRS. CONEY, second letter.', heading: 'May 24, 1909' },
    ]));
    assert.deepEqual(chunks.map((c) => c.heading), ['April 18, 1909', 'May 24, 1909']);
    assert.match(chunks[0]?.text ?? '', /More of the first letter/);
  });
});

describe('chunking cues', () => {
  const c = (start: number, speaker: string, text: string): Segment => ({ text, start_s: start, end_s: start + 5, speaker });

  it('groups consecutive cues of one speaker and keeps the exact first start and last end', () => {
    const chunks = chunkExtracted(cues([c(10, 'A', 'one.'), c(15, 'A', 'two.'), c(20, 'B', 'three.'), c(25, 'A', 'four.')]));
    assert.deepEqual(
      chunks.map((x) => [x.speaker, x.start_s, x.end_s, x.text]),
      [['A', 10, 20, 'one. two.'], ['B', 20, 25, 'three.'], ['A', 25, 30, 'four.']],
    );
  });

  it('stops a group at the size target', () => {
    const many = Array.from({ length: 20 }, (_, i) => c(i * 5, 'A', sentence(i)));
    const chunks = chunkExtracted(cues(many), { targetChars: 200, maxChars: 400, overlapChars: 0 });
    assert.ok(chunks.length >= 5);
    for (const x of chunks) assert.ok(x.text.length <= 200);
    assert.equal(chunks[0]?.start_s, 0);
    assert.equal(chunks.at(-1)?.end_s, 100);
    for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i]?.start_s, chunks[i - 1]?.end_s, 'no gap, no overlap in time');
  });

  it('starts a new passage after a long silence or past 30 s of speech, so a cited time lands near the words', () => {
    const short = Array.from({ length: 12 }, (_, i) => c(i * 4, 'A', `Line ${i}.`));
    const spans = chunkExtracted(cues(short)).map((x) => [x.start_s, x.end_s]);
    assert.ok(spans.length >= 2, 'a 48 s monologue of short lines is split');
    for (const [start, end] of spans) assert.ok((end ?? 0) - (start ?? 0) <= 30);
    const paused = chunkExtracted(cues([
      { text: 'Before the pause.', start_s: 0, end_s: 3, speaker: 'A' },
      { text: 'After the pause.', start_s: 8, end_s: 10, speaker: 'A' },
    ]));
    assert.deepEqual(paused.map((x) => x.start_s), [0, 8]);
  });

  it('cuts one very long cue into pieces that all keep the cue\'s times', () => {
    const long = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkExtracted(cues([{ text: long, start_s: 60, end_s: 180, speaker: 'A' }]), { targetChars: 300, maxChars: 500, overlapChars: 0 });
    assert.ok(chunks.length > 3);
    for (const x of chunks) assert.deepEqual([x.start_s, x.end_s, x.speaker], [60, 180, 'A']);
  });
});

describe('chunk options', () => {
  it('derives a ceiling and overlap from a target given alone', () => {
    assert.deepEqual(resolveChunkOptions({ targetChars: 2000 }), { targetChars: 2000, maxChars: 3500, overlapChars: 150 });
    assert.deepEqual(resolveChunkOptions({ targetChars: 400, overlapChars: 0 }), { targetChars: 400, maxChars: 1600, overlapChars: 0 });
  });
});
