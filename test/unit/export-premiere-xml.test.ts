import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { parseTimecode } from '../../core/timecode.ts';
import { writePremiereXml } from '../../server/exports/write-premiere-xml.ts';
import { fixtureTimeline, goldenRates } from '../golden/export-fixture.ts';

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['clipitem', 'marker', 'link'].includes(name) });

describe('Final Cut Pro 7 XML for Premiere', () => {
  for (const rateName of goldenRates) {
    it(`at ${rateName}: sequence from 01:00:00:00, linked video and audio clips back to back, file TC and reel, markers over the passages`, () => {
      const timeline = fixtureTimeline(rateName);
      const { rate } = timeline;
      const seq = ((parser.parse(writePremiereXml(timeline)) as Node).xmeml as Node).sequence as Node;
      const seqRate = seq.rate as Node;
      assert.equal(seqRate.timebase, rate.fps);
      assert.equal(seqRate.ntsc, rate.rational[1] === 1001 ? 'TRUE' : 'FALSE');
      const tc = seq.timecode as Node;
      assert.equal(tc.frame, parseTimecode('01:00:00:00', rate));
      assert.equal(tc.displayformat, rate.dropFrame ? 'DF' : 'NDF');
      const media = seq.media as { video: { track: { clipitem: Node[] } }; audio: { track: { clipitem: Node[] } } };
      const ids = new Set([...media.video.track.clipitem, ...media.audio.track.clipitem].map((c) => String(c.id)));
      for (const items of [media.video.track.clipitem, media.audio.track.clipitem]) {
        assert.equal(items.length, timeline.events.length);
        let at = 0;
        for (const [i, c] of items.entries()) {
          const event = timeline.events[i];
          assert.ok(event);
          assert.equal(c.start, at, 'back to back from the sequence start');
          assert.equal(Number(c.end) - Number(c.start), Number(c.out) - Number(c.in), 'record length = source length');
          assert.equal(c.in, event.clip.inFrame - event.clip.startFrame);
          for (const link of c.link as Node[]) assert.ok(ids.has(String(link.linkclipref)), 'links point at clip items');
          at = Number(c.end);
        }
        assert.equal(at, seq.duration);
      }
      const firstFile = media.video.track.clipitem[0]?.file as Node;
      assert.equal((firstFile.timecode as Node).frame, timeline.events[0]?.clip.startFrame);
      assert.equal(((firstFile.timecode as Node).reel as Node).name, 'A001');
      assert.match(String(firstFile.pathurl), /^file:\/\/localhost\/Volumes\/Studio\/Rushes\/Day%201\//);
      assert.deepEqual(Object.keys(media.video.track.clipitem[2]?.file as Node), ['id'], 'a file already described is referred to by id');

      const markers = seq.marker as Node[];
      assert.equal(markers.length, timeline.events.length);
      for (const [i, m] of markers.entries()) {
        const event = timeline.events[i];
        assert.ok(event);
        assert.ok(Number(m.in) >= event.recIn - timeline.startFrame && Number(m.out) <= event.recOut - timeline.startFrame, 'the marker lies inside its clip');
      }
      assert.equal(markers[1]?.name, 'Amélie Dupré');
    });
  }

  it('refuses a transcript that has no media file', () => {
    const timeline = fixtureTimeline('25');
    const first = timeline.events[0];
    assert.ok(first);
    const withTranscript = { ...timeline, events: [{ ...first, clip: { ...first.clip, isMedia: false, clipName: 'forney.srt' } }] };
    assert.throws(() => writePremiereXml(withTranscript), { code: 'INPUT_INVALID', message: /forney\.srt is a transcript.*Final Cut Pro 7 XML cannot cut it/ });
  });
});
