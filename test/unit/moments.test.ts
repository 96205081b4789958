import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateQuote, matchMoment, momentAt, playbackStart, quoteMoment, timecodeFromHit } from '../../core/moments/moment.ts';
import { decodePassageCues, encodePassageCues, type PassageCue } from '../../core/moments/passage-cues.ts';
import { chunkExtracted } from '../../ingest/chunk/chunk.ts';

const opts = { targetChars: 900, maxChars: 1600, overlapChars: 0 };

describe('cue times inside passages', () => {
  it('keeps the time and text offset of every cue a passage groups', () => {
    const [chunk] = chunkExtracted({
      kind: 'transcript',
      title: 't',
      structure: 'cues',
      segments: [
        { text: 'First line.', start_s: 1, end_s: 4, speaker: 'A' },
        { text: 'Second line here.', start_s: 4.5, end_s: 9, speaker: 'A' },
      ],
    }, opts);
    assert.deepEqual(chunk?.cues, [
      { start_s: 1, end_s: 4, at: 0 },
      { start_s: 4.5, end_s: 9, at: 12 },
    ]);
    assert.equal(chunk?.text.slice(12), 'Second line here.');
  });

  it('keeps word times, and gives each piece of a long cue its own start', () => {
    const words = Array.from({ length: 200 }, (_, i) => ({ text: `w${i}.`, start_s: i, end_s: i + 0.5 }));
    const chunks = chunkExtracted({ kind: 'media', title: 'm', structure: 'cues', segments: [{ text: words.map((w) => w.text).join(' '), start_s: 0, end_s: 200, words }] }, { targetChars: 300, maxChars: 400, overlapChars: 0 });
    assert.ok(chunks.length > 1);
    const second = chunks[1];
    const firstWord = second?.cues?.[0]?.words?.[0];
    assert.ok(firstWord);
    assert.equal(second?.start_s, firstWord[0], 'the piece starts with its first word');
    assert.equal(second?.text.slice(firstWord[2]).split(' ')[0], `w${firstWord[0]}.`);
  });

  it('round-trips cues through the stored JSON, and reads a missing column as none', () => {
    const cues: PassageCue[] = [{ start_s: 1.23456, end_s: 2, at: 0, words: [[1.23456, 1.5, 0]] }];
    assert.deepEqual(decodePassageCues(encodePassageCues(cues)), [{ start_s: 1.235, end_s: 2, at: 0, words: [[1.235, 1.5, 0]] }]);
    assert.equal(decodePassageCues(null), null);
    assert.equal(decodePassageCues('not json'), null);
    assert.equal(encodePassageCues([]), null);
  });
});

describe('the moment of a hit and of a quotation', () => {
  const text = "C'est ici qu'on amarrait l'Hirondelle. La mer a cassé l'amarre. On l'a retrouvée sur les rochers de Kervel.";
  const cues: PassageCue[] = [
    { start_s: 1, end_s: 4.2, at: 0 },
    { start_s: 4.9, end_s: 10, at: 39 },
    { start_s: 10.787, end_s: 14.75, at: 64 },
  ];

  it('plays a hit from the cue holding the most query words', () => {
    assert.equal(matchMoment(text, cues, 'rochers de Kervel'), 10.787);
    assert.equal(matchMoment(text, cues, 'la mer'), 4.9);
    assert.equal(matchMoment(text, cues, 'sous-marin'), null, 'no query word in the text: the caller plays the passage');
    assert.equal(matchMoment(text, null, 'rochers'), null);
  });

  it('plays from the first matching word when words are timed', () => {
    const timed: PassageCue[] = [{ start_s: 0, end_s: 6, at: 0, words: [[0, 1, 0], [1.2, 2, 4], [3.4, 4, 8], [4.5, 6, 16]] }];
    assert.equal(matchMoment('the old harbour wall', timed, 'harbour wall'), 3.4);
    assert.deepEqual(momentAt(timed, 16), { start_s: 4.5, end_s: 6 });
  });

  it('locates a quotation across typographic quotes, case and white space, and times it', () => {
    assert.deepEqual(locateQuote(text, 'on l’a retrouvée   sur les rochers'), { start: 64, end: 96 });
    assert.deepEqual(quoteMoment(text, cues, "On l'a retrouvée sur les rochers"), { start_s: 10.787, end_s: 14.75 });
    assert.deepEqual(quoteMoment(text, cues, "l'Hirondelle … cassé l'amarre"), { start_s: 1, end_s: 10 });
    assert.equal(quoteMoment(text, cues, 'a sentence nobody said'), null);
  });

  it('writes the timecode of a moment from the hit\'s TC in, and starts playback a pre-roll before it', () => {
    assert.equal(timecodeFromHit({ tc_in: '01:00:01:00', fps: 25, start_s: 1 }, 10.787), '01:00:10:19');
    assert.equal(timecodeFromHit({ tc_in: '00:59:59;28', fps: 29.97, start_s: 0 }, 1), '01:00:00;27');
    assert.equal(timecodeFromHit({ tc_in: null, fps: null, start_s: 1 }, 2), null);
    assert.equal(playbackStart(10.787), 9.787);
    assert.equal(playbackStart(0.4), 0);
    assert.equal(playbackStart(5, 2.5), 2.5);
  });
});
