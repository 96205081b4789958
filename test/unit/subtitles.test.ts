import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { parseClockTime, splitSpeakerLine } from '../../core/subtitles/cue.ts';
import { isTimestampedText, parseSrt, parseSubtitles, parseTimestampedText, parseVtt } from '../../core/subtitles/parse-subtitles.ts';
import { needs, sampleCorpus } from '../helpers/env.ts';

const srt = `1
00:00:02,000 --> 00:00:16,000
Claude Sitton: Today is October the first, 2015.

2
00:00:16,000 --> 00:00:29,500
<i>Charles Forney:</i> Well my name is
Charles William Forney Jr.

3
00:00:29,500 --> 00:00:31,000
{\\an8}[music]
`;

const vtt = `WEBVTT
NOTE a note
that spans lines

STYLE
::cue { color: yellow }

intro
00:00:01.000 --> 00:00:26.000 align:start
<v Claude Sitton>Today is August the 23rd &amp; sunny.

00:26.000 --> 00:32.000
<v.loud Lucille Rutherford>I'm Lucille <b>from</b> Glen Alpine.</v>
<v Claude Sitton>All right.

55:30:11.000 --> 55:30:18.000
<c.yellow>Houston:</c> it's <00:00:12.000>showing 28 degrees.
`;

const stamped = `Interview with Carol Poole (2024-11-09)
Children of the Struggle oral history collection.

[00:00:02] Sarah Witterhold: All right. Hi.

[00:00:19] Carol Anita Poole: It's Pitman Poole.
and a line that continues her answer

[01:02:03.5] Sarah Witterhold: Thank you for coming to share your story.
`;

function expectExtractFailed(fn: () => unknown, file: RegExp): void {
  assert.throws(fn, (err: unknown) => isDarkroomError(err, 'EXTRACT_FAILED') && file.test(err.message));
}

describe('subtitle clock times', () => {
  it('reads SRT commas, VTT dots, minutes-only and mission hours past 24', () => {
    assert.equal(parseClockTime('00:00:02,000'), 2);
    assert.equal(parseClockTime('01:02:03.250'), 3723.25);
    assert.equal(parseClockTime('02:03.5'), 123.5);
    assert.equal(parseClockTime('55:30:11.000'), 199811);
    assert.equal(parseClockTime('not a time'), null);
    assert.equal(parseClockTime('00:61:00'), null);
  });

  it('takes a "Name: text" prefix as the speaker, not an ordinary sentence', () => {
    assert.deepEqual(splitSpeakerLine('Charles Forney: Well my name'), { speaker: 'Charles Forney', text: 'Well my name' });
    assert.deepEqual(splitSpeakerLine('CMP: 28 and 267.'), { speaker: 'CMP', text: '28 and 267.' });
    assert.deepEqual(splitSpeakerLine('we met at 10: it was late'), { text: 'we met at 10: it was late' });
    assert.deepEqual(splitSpeakerLine('Today is the day, she said: go'), { text: 'Today is the day, she said: go' });
  });
});

describe('parseSrt', () => {
  it('keeps cue times, speakers from "Name:" lines, and strips tags', () => {
    const cues = parseSrt(srt, 'forney.srt');
    assert.equal(cues.length, 3);
    assert.deepEqual(cues[0], { start_s: 2, end_s: 16, speaker: 'Claude Sitton', text: 'Today is October the first, 2015.' });
    assert.deepEqual(cues[1], { start_s: 16, end_s: 29.5, speaker: 'Charles Forney', text: 'Well my name is Charles William Forney Jr.' });
    assert.deepEqual(cues[2], { start_s: 29.5, end_s: 31, text: '[music]' });
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const cues = parseSrt('\uFEFF' + srt.replace(/\n/g, '\r\n'));
    assert.equal(cues.length, 3);
    assert.equal(cues[1]?.end_s, 29.5);
  });

  it('refuses binary garbage, naming the file and the fix', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 400 }, (_, i) => (i * 37) % 256)) + '\u0000\uFFFD';
    expectExtractFailed(() => parseSrt(garbage, 'clip.srt'), /clip\.srt.*binary/);
  });

  it('refuses text with no cue instead of returning nothing', () => {
    expectExtractFailed(() => parseSrt('just some words\n\nand more', 'notes.srt'), /notes\.srt holds no SRT cue/);
    expectExtractFailed(() => parseSrt('', 'empty.srt'), /empty\.srt/);
  });
});

describe('parseVtt', () => {
  it('reads voices, skips NOTE and STYLE blocks, keeps exact times', () => {
    const cues = parseVtt(vtt, 'rutherford.vtt');
    assert.deepEqual(cues, [
      { start_s: 1, end_s: 26, speaker: 'Claude Sitton', text: 'Today is August the 23rd & sunny.' },
      { start_s: 26, end_s: 32, speaker: 'Lucille Rutherford', text: "I'm Lucille from Glen Alpine." },
      { start_s: 26, end_s: 32, speaker: 'Claude Sitton', text: 'All right.' },
      { start_s: 199811, end_s: 199818, speaker: 'Houston', text: "it's showing 28 degrees." },
    ]);
  });

  it('refuses a file without the WEBVTT header', () => {
    expectExtractFailed(() => parseVtt(srt, 'wrong.vtt'), /wrong\.vtt does not start with "WEBVTT"/);
  });

  it('refuses a header with no cue', () => {
    expectExtractFailed(() => parseVtt('WEBVTT\n\nNOTE only a note\n', 'bare.vtt'), /bare\.vtt holds no WebVTT cue/);
  });
});

describe('parseTimestampedText', () => {
  it('reads "[hh:mm:ss] Name: text", ends each cue at the next start, and continues lines', () => {
    const cues = parseTimestampedText(stamped, 'poole.txt');
    assert.equal(cues.length, 3);
    assert.deepEqual(cues[0], { start_s: 2, end_s: 19, speaker: 'Sarah Witterhold', text: 'All right. Hi.' });
    assert.deepEqual(cues[1], { start_s: 19, end_s: 3723.5, speaker: 'Carol Anita Poole', text: "It's Pitman Poole. and a line that continues her answer" });
    assert.equal(cues[2]?.start_s, 3723.5);
    assert.ok((cues[2]?.end_s ?? 0) > 3723.5, 'the last cue gets an estimated, positive duration');
  });

  it('tells a timestamped transcript from prose that mentions a time', () => {
    assert.equal(isTimestampedText(stamped.replace('and a line that continues her answer\n', '')), true);
    assert.equal(isTimestampedText('We left at\n10:30 sharp, said the letter.\nThen nothing.\nAnd more prose.'), false);
  });

  it('refuses text with no timestamp', () => {
    expectExtractFailed(() => parseTimestampedText('Dear Mother,\nall is well.', 'letter.txt'), /letter\.txt holds no timestamped line/);
  });
});

describe('parseSubtitles', () => {
  it('dispatches by extension, in any case, and reads a .srt that is really WebVTT', () => {
    assert.equal(parseSubtitles(srt, '.SRT').length, 3);
    assert.equal(parseSubtitles(vtt, 'vtt').length, 4);
    assert.equal(parseSubtitles(vtt, '.srt').length, 4);
    assert.equal(parseSubtitles(stamped, '.txt').length, 3);
    assert.throws(() => parseSubtitles(srt, '.ass', 'x.ass'), (e: unknown) => isDarkroomError(e, 'UNSUPPORTED_FILE'));
  });

  const transcripts = path.join(sampleCorpus, 'transcripts');
  it('parses every transcript of the sample archive with speakers and increasing times', { skip: needs(transcripts, 'the sample archive') }, () => {
    const files = [
      'children_of_the_struggle/rutherford_interview_2015-08-23.vtt',
      'children_of_the_struggle/forney_interview_2015-10-01.srt',
      'children_of_the_struggle/poole_interview_2024-11-09.txt',
      'apollo13/apollo13_air_to_ground_GET_055h30-056h30.vtt',
    ];
    for (const file of files) {
      const cues = parseSubtitles(readFileSync(path.join(transcripts, file), 'utf8'), path.extname(file), file);
      assert.ok(cues.length > 20, `${file}: ${cues.length} cues`);
      assert.ok(cues.filter((c) => c.speaker).length / cues.length > 0.9, `${file}: most cues have a speaker`);
      for (let i = 1; i < cues.length; i++) assert.ok((cues[i]?.start_s ?? 0) >= (cues[i - 1]?.start_s ?? 0), `${file}: cue ${i} in order`);
      assert.ok(cues.every((c) => c.end_s >= c.start_s && c.text.length > 0));
    }
  });
});
