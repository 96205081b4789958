import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimecode } from '../../core/timecode.ts';
import { avidColors, writeAvidLocators } from '../../server/exports/write-avid-locators.ts';
import { premiereMarkerColumns, writePremiereMarkers } from '../../server/exports/write-premiere-markers.ts';
import { resolveColors, writeResolveMarkers } from '../../server/exports/write-resolve-markers.ts';
import { readEdl } from '../golden/edl-reader.ts';
import { fixtureTimeline, goldenRates } from '../golden/export-fixture.ts';

describe('marker exports', () => {
  for (const rateName of goldenRates) {
    it(`Resolve marker EDL at ${rateName}: one-frame events at each passage start, |C: |M: |D: lines with the passage length`, () => {
      const timeline = fixtureTimeline(rateName);
      const edl = readEdl(writeResolveMarkers(timeline));
      assert.equal(edl.events.length, timeline.events.length);
      for (const [i, e] of edl.events.entries()) {
        const want = timeline.events[i];
        assert.ok(want);
        const at = parseTimecode(e.recIn, timeline.rate);
        assert.equal(at, want.recIn + want.clip.markIn - want.clip.inFrame, 'marker at the passage start');
        assert.equal(parseTimecode(e.recOut, timeline.rate) - at, 1);
        assert.equal(e.srcIn, e.recIn);
        const m = /^ \|C:ResolveColor(\w+) \|M:([^|]+) \|D:(\d+)$/.exec(e.comments[0] ?? '');
        assert.ok(m, `marker line: ${e.comments[0]}`);
        assert.ok((resolveColors as readonly string[]).includes(m[1] ?? ''));
        assert.equal(Number(m[3]), want.clip.markOut - want.clip.markIn);
      }
    });

    it(`Avid locators at ${rateName}: five tab-separated fields, a record TC, V1, a Media Composer colour`, () => {
      const timeline = fixtureTimeline(rateName);
      const lines = writeAvidLocators(timeline).trimEnd().split('\n');
      assert.equal(lines.length, timeline.events.length);
      for (const [i, line] of lines.entries()) {
        const fields = line.split('\t');
        assert.equal(fields.length, 5, line);
        const [user, tc, track, colour, comment] = fields as [string, string, string, string, string];
        const want = timeline.events[i];
        assert.ok(want);
        assert.equal(user, 'Darkroom');
        assert.equal(parseTimecode(tc, timeline.rate), want.recIn + want.clip.markIn - want.clip.inFrame);
        assert.equal(track, 'V1');
        assert.ok((avidColors as readonly string[]).includes(colour));
        assert.doesNotMatch(comment, /[^\x20-\x7e]/);
      }
    });

    it(`Premiere marker list at ${rateName}: Premiere's columns, Out - In = Duration`, () => {
      const timeline = fixtureTimeline(rateName);
      const [header, ...rows] = writePremiereMarkers(timeline).trimEnd().split('\n');
      assert.equal(header, premiereMarkerColumns.join('\t'));
      assert.equal(rows.length, timeline.events.length);
      for (const row of rows) {
        const [, , tcIn, tcOut, duration, type] = row.split('\t') as string[];
        const r = timeline.rate;
        assert.equal(parseTimecode(tcOut ?? '', r) - parseTimecode(tcIn ?? '', r), parseTimecode(duration ?? '', r));
        assert.equal(type, 'Comment');
      }
    });
  }

  it('gives each speaker its own colour', () => {
    const lines = writeAvidLocators(fixtureTimeline('25')).trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split('\t')[3]), ['yellow', 'cyan', 'yellow']);
  });
});
