import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { parseTimecode } from '../../core/timecode.ts';
import { buildTimeline, placeClip } from '../../server/exports/build-timeline.ts';
import { parseExportRate } from '../../server/exports/export-rate.ts';
import { parseRationalTime } from '../../server/exports/rational-time.ts';
import { writeFcpxml } from '../../server/exports/write-fcpxml.ts';
import { fixtureTimeline, rushA } from '../golden/export-fixture.ts';

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['format', 'asset', 'asset-clip', 'marker'].includes(name) });

/** A rational time in frames of `frameDuration`; fails unless it lands exactly on a frame boundary. */
function frames(value: unknown, frameDuration: [number, number]): number {
  const t = parseRationalTime(String(value));
  assert.ok(t, `"${String(value)}" is an FCPXML rational time`);
  const [n, d] = t;
  const numerator = n * frameDuration[1];
  const denominator = d * frameDuration[0];
  assert.equal(numerator % denominator, 0, `${String(value)} is on a frame boundary of ${frameDuration.join('/')}s`);
  return numerator / denominator;
}

describe('FCPXML 1.10', () => {
  for (const rateName of ['24', '25', '29.97df', '23.976', '59.94df']) {
    it(`puts every time on a frame boundary at ${rateName}, spine back to back from 01:00:00:00, markers inside their clips`, () => {
      const timeline = ['24', '25', '29.97df'].includes(rateName) ? fixtureTimeline(rateName) : smallTimeline(rateName);
      const doc = parser.parse(writeFcpxml(timeline)) as Node;
      const fcpxml = doc.fcpxml as Node;
      assert.equal(fcpxml.version, '1.10');
      const resources = fcpxml.resources as { format: Node[]; asset: Node[] };
      const fd = parseRationalTime(String(resources.format[0]?.frameDuration));
      assert.ok(fd);
      assert.deepEqual(fd, [timeline.rate.rational[1], timeline.rate.rational[0]], 'frameDuration is the rate inverted');
      for (const f of resources.format) assert.equal(f.frameDuration, resources.format[0]?.frameDuration);

      const assets = new Map(resources.asset.map((a) => [String(a.id), a]));
      for (const a of resources.asset) {
        const rep = a['media-rep'] as Node;
        assert.equal(rep.kind, 'original-media');
        const file = fileURLToPath(String(rep.src));
        const clip = timeline.events.find((e) => e.clip.path === file)?.clip;
        assert.ok(clip, `media-rep ${String(rep.src)} is a file:// URL of a selected file`);
        assert.equal(frames(a.start, fd), clip.startFrame, 'asset start = the file start TC');
        frames(a.duration, fd);
      }

      const sequence = ((fcpxml.library as Node).event as Node).project as Node;
      const seq = sequence.sequence as Node;
      assert.equal(seq.tcFormat, timeline.rate.dropFrame ? 'DF' : 'NDF');
      assert.equal(frames(seq.tcStart, fd), parseTimecode('01:00:00:00', timeline.rate));
      const clips = (seq.spine as Node)['asset-clip'] as Node[];
      assert.equal(clips.length, timeline.events.length);
      let at = frames(seq.tcStart, fd);
      for (const [i, c] of clips.entries()) {
        const want = timeline.events[i];
        assert.ok(want);
        assert.ok(assets.has(String(c.ref)), 'asset-clip refers to an asset');
        assert.equal(frames(c.offset, fd), at, 'clips are back to back');
        const start = frames(c.start, fd);
        const duration = frames(c.duration, fd);
        assert.equal(start, want.clip.inFrame);
        assert.equal(duration, want.clip.outFrame - want.clip.inFrame);
        const [marker] = c.marker as Node[];
        assert.ok(marker);
        const mStart = frames(marker.start, fd);
        const mEnd = mStart + frames(marker.duration, fd);
        assert.ok(mStart >= start && mEnd <= start + duration, 'the marker lies inside its clip');
        assert.ok(String(marker.value).length > 0);
        at += duration;
      }
      assert.equal(frames(seq.duration, fd), at - frames(seq.tcStart, fd));
    });
  }

  it('escapes XML in names and marker text and links accented paths as URLs', () => {
    const xml = writeFcpxml(fixtureTimeline('25'));
    assert.match(xml, /value="Amélie Dupré: The river came up in the night &amp; took the school — &quot;everything&quot;, she said\. &lt;We rebuilt it&gt;/);
    assert.match(xml, /src="file:\/\/\/Volumes\/Studio\/Rushes\/Day%202\/Interview%20Am%C3%A9lie%20\(cam%202\)\.mov"/);
  });

  it('refuses a transcript that has no media file, naming the fix', () => {
    const rate = parseExportRate('25');
    const clip = placeClip({ id: 't', start_s: 1, end_s: 2, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'x' }, { ...rushA('25'), isMedia: false, clipName: 'forney.srt', rate: null, startTc: null }, rate);
    assert.throws(() => writeFcpxml(buildTimeline('t', rate, [clip])), { code: 'INPUT_INVALID', message: /forney\.srt is a transcript.*export markers or subtitles/ });
  });
});

function smallTimeline(rateName: string) {
  const rate = parseExportRate(rateName);
  const source = { ...rushA(rateName), startTc: rate.dropFrame ? '10:00:00;00' : '10:00:00:00' };
  const clips = [
    placeClip({ id: 'a', start_s: 3.3, end_s: 7.77, handle_before_s: 1, handle_after_s: 1, speaker: 'Ann', text: 'one' }, source, rate),
    placeClip({ id: 'b', start_s: 20.01, end_s: 25.5, handle_before_s: 0, handle_after_s: 0.5, speaker: null, text: 'two' }, source, rate),
  ];
  return buildTimeline('small', rate, clips);
}
