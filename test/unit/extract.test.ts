import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLetter } from '../../ingest/extract/letter.ts';
import { blankRunningLines, pageSegments } from '../../ingest/extract/pdf.ts';
import { splitParagraphs } from '../../ingest/extract/prose.ts';
import { noteHeading } from '../../ingest/extract/subtitles.ts';
import { proseFromText } from '../../ingest/extract/text.ts';

const homesteader = `Elinore Pruitt Stewart, letter I: The Arrival At Burnt Fork

BURNT FORK, WYOMING,
     _April 18, 1909._

DEAR MRS. CONEY,--

Are you thinking I am lost, like the Babes in the Wood?`;

describe('letters', () => {
  it('recognises a dated salutation and keeps the lines before it as the heading', () => {
    const info = detectLetter('/archive/misc/doc_01.txt', homesteader);
    assert.equal(info.isLetter, true);
    assert.equal(info.heading, 'Elinore Pruitt Stewart, letter I: The Arrival At Burnt Fork · BURNT FORK, WYOMING · April 18, 1909.');
  });

  it('recognises a French letter by its date and salutation', () => {
    const info = detectLetter('/archive/doc.txt', 'Paris, le 3 mars 1761\n\nMa chère cousine,\n\nJe vous écris de Paris.');
    assert.equal(info.isLetter, false, '"Ma chère" alone is not in the salutation list');
    const info2 = detectLetter('/archive/doc.txt', 'Lausanne, 3 mars 1761\n\nChère cousine,\n\nJe vous écris.');
    assert.deepEqual(info2, { isLetter: true, heading: 'Lausanne, 3 mars 1761' });
  });

  it('takes the folder or file name as evidence (letter, lettre, correspondence)', () => {
    assert.equal(detectLetter('/archive/correspondence/1923/a.txt', 'Nothing here looks like a letter.').isLetter, true);
    assert.equal(detectLetter('/archive/lettres/a.txt', 'Rien.').isLetter, true);
    assert.equal(detectLetter('/archive/newsletter_notes/a.txt', 'Rien.').isLetter, false);
    assert.equal(detectLetter('/archive/notes/a.txt', 'The harvest was poor. Dear me, said Tom.').isLetter, false);
  });

  it('puts the letter heading on the first segment, with kind letter', () => {
    const { kind, segments } = proseFromText('/a/b.txt', homesteader);
    assert.equal(kind, 'letter');
    assert.match(segments[0]?.heading ?? '', /April 18, 1909/);
    assert.equal(segments.slice(1).every((s) => s.heading === undefined), true);
  });

  it('gives each letter of a collection its own heading', () => {
    const text = 'LETTER XIII. PROVING UP\n_October 14, 1911._\nDEAR MRS. CONEY,--\nFirst.\n\nLETTER XIV. THE NEW HOUSE\n_December 1, 1911._\nSecond.';
    const { segments } = proseFromText('/a/collection.txt', text);
    assert.deepEqual(segments.map((s) => s.heading), ['LETTER XIII. PROVING UP · October 14, 1911.', 'LETTER XIV. THE NEW HOUSE · December 1, 1911.']);
  });
});

describe('markdown', () => {
  it('keeps a section title as the heading of the paragraphs under it', () => {
    const { segments } = proseFromText('/notes/shoot.md', '# Day one\n\nWe filmed the ferry.\n\n## Day two\n\nRain all day.');
    assert.deepEqual(segments.map((s) => [s.heading, s.text]), [['Day one', '# Day one'], [undefined, 'We filmed the ferry.'], ['Day two', '## Day two'], [undefined, 'Rain all day.']]);
  });
});

describe('paragraphs and pages', () => {
  it('splits on blank lines with exact spans', () => {
    const text = '  First para\nline two.\n\n\nSecond.  \n';
    for (const s of splitParagraphs(text)) assert.equal(text.slice(s.char_start, s.char_end), s.text);
  });

  it('finds paragraphs in a hard-wrapped PDF page and stamps the page', () => {
    const page = [
      'The school by the river was closed for a long time after the great',
      'flood of that spring, and the teacher went back to her people.',
      'Short last line.',
      'A new paragraph starts here and runs on for quite a while longer than',
      'the others do.',
    ].join('\n');
    const segs = pageSegments(page, 7);
    assert.equal(segs.length, 2);
    assert.ok(segs.every((s) => s.page === 7));
    for (const s of segs) assert.equal(page.slice(s.char_start, s.char_end).replace(/\n/g, ' '), s.text);
  });

  it('blanks running headers that recur on most pages, keeping offsets', () => {
    const words = ['river', 'school', 'barn', 'harvest'];
    const pages = words.map((w, i) => `Letters of a Woman Homesteader Page ${i + 1} / 4\nBody text about the ${w}.\nThe ${w} ends here.`);
    const out = blankRunningLines(pages);
    for (const [i, p] of out.entries()) {
      assert.equal(p.length, pages[i]?.length);
      assert.doesNotMatch(p, /Homesteader Page/);
      assert.match(p, /Body text about the \w+\.\nThe \w+ ends here\.$/);
    }
  });
});

describe('subtitle headings', () => {
  it('takes the first NOTE, cut at a sentence end when long', () => {
    const note = 'Interview with Lucille Johnson Rutherford, 2015-08-23. Children of the Struggle oral history collection (Burke County, NC). Cue times from the source transcript timestamps.';
    assert.equal(noteHeading(`WEBVTT\nNOTE ${note}\n\n1\n00:01.000 --> 00:02.000\nHi`), 'Interview with Lucille Johnson Rutherford, 2015-08-23. Children of the Struggle oral history collection (Burke County, NC).');
    assert.equal(noteHeading('WEBVTT\nNOTE Interview with L. Rutherford\n\n00:01.000 --> 00:02.000\nHi'), 'Interview with L. Rutherford');
    assert.equal(noteHeading('WEBVTT\n\n00:01.000 --> 00:02.000\nHi'), null);
  });
});
