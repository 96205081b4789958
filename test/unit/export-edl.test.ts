import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimecode } from '../../core/timecode.ts';
import { buildTimeline, placeClip } from '../../server/exports/build-timeline.ts';
import { exportRateNames, parseExportRate } from '../../server/exports/export-rate.ts';
import { writeEdl } from '../../server/exports/write-edl.ts';
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
    assert.deepEqual(readEdl(text).events.map((e) => e.reel), ['A001', 'CAM_2_DA', 'A001']);
  });

  it('refuses an empty list and names the fix', () => {
    assert.throws(() => writeEdl(buildTimeline('empty', parseExportRate('25'), [])), { code: 'INPUT_INVALID', message: /is empty.*Add passages/ });
  });
});
