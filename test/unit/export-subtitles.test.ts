import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSrt, parseVtt } from '../../core/subtitles/parse-subtitles.ts';
import { srtSafe, timelineCues, writeSrt, writeVtt } from '../../server/exports/write-subtitles.ts';
import { fixtureTimeline, goldenRates } from '../golden/export-fixture.ts';

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('SRT and WebVTT of the selects', () => {
  for (const rate of goldenRates) {
    it(`round-trips through the subtitle parsers at ${rate}: same times (ms), speakers and words`, () => {
      const timeline = fixtureTimeline(rate);
      const expected = timelineCues(timeline);
      for (const [name, cues] of [['srt', parseSrt(writeSrt(timeline))], ['vtt', parseVtt(writeVtt(timeline))]] as const) {
        assert.equal(cues.length, expected.length, name);
        for (const [i, cue] of cues.entries()) {
          const want = expected[i];
          assert.ok(want);
          assert.ok(Math.abs(cue.start_s - want.start_s) <= 0.0005, `${name} cue ${i + 1} start`);
          assert.ok(Math.abs(cue.end_s - want.end_s) <= 0.0005, `${name} cue ${i + 1} end`);
          assert.equal(cue.speaker ?? null, want.speaker, `${name} cue ${i + 1} speaker`);
          assert.equal(fold(cue.text), fold(name === 'srt' ? srtSafe(want.text) : want.text), `${name} cue ${i + 1} text`);
        }
      }
    });
  }

  it('times cues on the record timeline: the first passage starts after its 1 s handle, not at 01:00:00:00', () => {
    const cues = timelineCues(fixtureTimeline('25'));
    assert.equal(cues[0]?.start_s, 1);
    for (let i = 1; i < cues.length; i++) assert.ok((cues[i]?.start_s ?? 0) >= (cues[i - 1]?.end_s ?? Infinity), 'cues do not overlap');
  });

  it('keeps angle brackets out of SRT markup', () => {
    assert.match(writeSrt(fixtureTimeline('25')), /‹We rebuilt it›/);
  });

  it('wraps lines at 42 characters and writes the WEBVTT header', () => {
    const vtt = writeVtt(fixtureTimeline('24'));
    assert.ok(vtt.startsWith('WEBVTT\n\n'));
    for (const line of writeSrt(fixtureTimeline('24')).split('\n')) assert.ok(line.length <= 42 || line.includes('-->'), line);
  });
});
