import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimecode } from '../../core/timecode.ts';
import { buildTimeline, placeClip } from '../../server/exports/build-timeline.ts';
import { exportRateNames, parseExportRate } from '../../server/exports/export-rate.ts';
import { writeEdl } from '../../server/exports/write-edl.ts';
import type { FrameRate } from '../../core/timecode.ts';
import { readEdl } from '../golden/edl-reader.ts';
import { fixtureTimeline, rushA } from '../golden/export-fixture.ts';

describe('CMX3600 EDL', () => {
  for (const rateName of ['24', '25', '29.97df']) {
    it(`reads back at ${rateName}: fixed columns, source TC from the file's start TC, record TC continuous from 01:00:00:00`, () => {
      const timeline = fixtureTimeline(rateName);
      const edl = readEdl(writeEdl(timeline));
      const rate = timeline.rate;
      assert.equal(edl.title, 'Flood film - selects v1');
      assert.equal(edl.fcm, rate.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME');
      assert.equal(edl.events.length, timeline.events.length);
      let expectedRecIn = parseTimecode('01:00:00:00', rate);
      for (const [i, e] of edl.events.entries()) {
        const want = timeline.events[i];
        assert.ok(want);
        assert.equal(e.n, i + 1);
        assert.match(e.reel, /^[A-Z0-9_]{1,8}$/);
        assert.equal(e.channel, 'AA/V');
        assert.equal(e.transition, 'C');
        for (const tc of [e.srcIn, e.srcOut, e.recIn, e.recOut]) assert.match(tc, rate.dropFrame ? /^\d\d:\d\d:\d\d;\d\d$/ : /^\d\d:\d\d:\d\d:\d\d$/);
        assert.equal(parseTimecode(e.srcIn, rate), want.clip.inFrame);
        assert.equal(parseTimecode(e.srcOut, rate), want.clip.outFrame);
        assert.equal(parseTimecode(e.recIn, rate), expectedRecIn);
        const length = parseTimecode(e.srcOut, rate) - parseTimecode(e.srcIn, rate);
        assert.equal(parseTimecode(e.recOut, rate) - parseTimecode(e.recIn, rate), length, 'record duration equals source duration');
        expectedRecIn = parseTimecode(e.recOut, rate);
        assert.equal(e.comments[0], `* FROM CLIP NAME: ${want.clip.clipName}`);
        assert.ok(e.comments.some((c) => c.startsWith('* COMMENT: ')));
      }
      assert.equal(edl.events[0]?.srcIn.slice(0, 8), '10:00:00', 'the rush starts at 10:00:00:00');
    });
  }

  it('writes a readable EDL at every export rate', () => {
    for (const name of exportRateNames) {
      const rate = parseExportRate(name);
      const clip = placeClip({ id: 's', start_s: 12.5, end_s: 14, handle_before_s: 0.5, handle_after_s: 0.5, speaker: 'Ann', text: 'hello' }, { ...rushA(name), startTc: '10:00:00:00' }, rate);
      const edl = readEdl(writeEdl(buildTimeline('t', rate, [clip])));
      const e = edl.events[0];
      assert.ok(e);
      assert.equal(parseTimecode(e.srcIn, rate) - parseTimecode('10:00:00:00', rate), Math.floor((12 * rate.rational[0]) / rate.rational[1] + 1e-6), name);
      assert.equal(e.comments.at(-1), '* COMMENT: ANN: hello');
    }
  });

  it('folds the comment to one ASCII line and keeps reel names to 8 characters of [A-Z0-9_]', () => {
    const text = writeEdl(fixtureTimeline('25'));
    const comment = text.split('\n').find((l) => l.startsWith('* COMMENT: AMELIE DUPRE: '));
    assert.ok(comment, 'speaker upper-cased, accents folded');
    assert.doesNotMatch(comment, /[^\x20-\x7e]/);
    const reels = readEdl(text).events.map((e) => e.reel);
    assert.equal(reels[0], 'A001');
    assert.equal(reels[2], 'A001');
    assert.match(reels[1] ?? '', /^CAM_[0-9A-F]{4}$/, 'the reel tag "Cam #2 Day-2" is too long: 4 characters and a hash');
  });

  it('cuts a rush that crosses midnight with its out point after its in point, as OpenTimelineIO reads it', () => {
    for (const name of ['25', '29.97df']) {
      const rate = parseExportRate(name);
      const sep = rate.dropFrame ? ';' : ':';
      const lateRush = { ...rushA(name), startTc: `23:59:50${sep}00`, durationS: 60 };
      const across = placeClip({ id: 'a', start_s: 8, end_s: 14, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'across' }, lateRush, rate);
      const after = placeClip({ id: 'b', start_s: 20, end_s: 22, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'after' }, lateRush, rate);
      const edl = readEdl(writeEdl(buildTimeline('night', rate, [across, after])));
      const [e1, e2] = edl.events;
      assert.ok(e1 && e2);
      assert.match(e1.srcIn, /^23:59:5[78][:;]\d\d$/);
      assert.match(e1.srcOut, /^24:00:0[34][:;]\d\d$/, 'the count goes on past 24:00:00:00');
      assert.match(e2.srcIn, /^24:00:(09|10)[:;]\d\d$/, 'a clip wholly after midnight is not wrapped to 00:00:10');
      if (!rate.dropFrame) assert.deepEqual([e1.srcIn, e1.srcOut, e2.srcIn], ['23:59:58:00', '24:00:04:00', '24:00:10:00']);
      for (const e of edl.events) {
        const length = otioFrames(e.srcOut, rate) - otioFrames(e.srcIn, rate);
        assert.ok(length > 0, `source out ${e.srcOut} after source in ${e.srcIn}`);
        assert.equal(length, otioFrames(e.recOut, rate) - otioFrames(e.recIn, rate), 'source and record durations agree');
      }
    }
  });

  it('refuses a transcript-only select, as FCPXML and Premiere XML do, naming the formats that take it', () => {
    const rate = parseExportRate('25');
    const clip = placeClip({ id: 't', start_s: 1, end_s: 2, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'x' }, { ...rushA('25'), isMedia: false, clipName: 'forney.srt', rate: null, startTc: null }, rate);
    assert.throws(() => writeEdl(buildTimeline('t', rate, [clip])), { code: 'INPUT_INVALID', message: /forney\.srt is a transcript, not a media file, so a CMX3600 EDL cannot cut it.*premiere-markers, resolve-markers, avid-locators, srt, vtt/ });
  });

  it('keeps UTF-8 clip names on the FROM CLIP NAME line', () => {
    const rate = parseExportRate('25');
    const clip = placeClip({ id: 'u', start_s: 1, end_s: 2, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'x' }, { ...rushA('25'), clipName: 'Entretien Hélène 日本.mov' }, rate);
    assert.match(writeEdl(buildTimeline('t', rate, [clip])), /^\* FROM CLIP NAME: Entretien Hélène 日本\.mov$/m);
  });

  it('refuses an empty list and names the fix', () => {
    assert.throws(() => writeEdl(buildTimeline('empty', parseExportRate('25'), [])), { code: 'INPUT_INVALID', message: /is empty.*Add passages/ });
  });
});

/**
 * Frames of an EDL timecode the way OpenTimelineIO's `RationalTime.from_timecode` counts them (its CMX3600
 * reader's parser): two-digit fields, hours not bounded to 23, drop-frame minutes subtracted.
 */
function otioFrames(tc: string, rate: FrameRate): number {
  const [h, m, s, f] = tc.split(/[:;]/).map(Number) as [number, number, number, number];
  const drop = tc.includes(';') ? Math.round(rate.fps / 15) : 0;
  const minutes = h * 60 + m;
  return (minutes * 60 + s) * rate.fps + f - drop * (minutes - Math.floor(minutes / 10));
}
