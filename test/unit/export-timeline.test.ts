import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeClip } from '../../server/exports/build-timeline.ts';
import { parseExportRate } from '../../server/exports/export-rate.ts';
import { renderExport, toExportFormat } from '../../server/exports/render-export.ts';
import { assignReelNames, toReelName, toSafeFileName } from '../../server/exports/sanitize.ts';
import { fixtureTimeline, rushA } from '../golden/export-fixture.ts';

const span = { id: 's', start_s: 10, end_s: 12, handle_before_s: 0, handle_after_s: 0, speaker: null, text: 'x' };

describe('placing selects on a record timeline', () => {
  it('adds handles but never before the first frame or past the last', () => {
    const rate = parseExportRate('25');
    const clip = placeClip({ ...span, start_s: 0.4, end_s: 46, handle_before_s: 2, handle_after_s: 5 }, rushA('25'), rate);
    assert.equal(clip.inFrame, clip.startFrame, 'handle clamped at the first frame');
    assert.equal(clip.outFrame, clip.startFrame + 1160, 'handle clamped at 46.4 s = 1160 frames');
    assert.equal(clip.markIn, clip.startFrame + 10);
  });

  it('keeps the last word: the out point is the first frame boundary at or after the passage end', () => {
    const clip = placeClip({ ...span, end_s: 12.01 }, rushA('25'), parseExportRate('25'));
    assert.equal(clip.markOut - clip.startFrame, 301);
  });

  it('refuses a source at another frame rate, naming the rate to export with', () => {
    assert.throws(() => placeClip(span, rushA('25'), parseExportRate('24')), { code: 'FRAME_RATE_MISMATCH', message: /runs at 25 fps but the timeline is 24.*--fps 25/ });
  });

  it('refuses drop-frame media on a non-drop-frame timeline of the same speed', () => {
    assert.throws(() => placeClip(span, rushA('29.97df'), parseExportRate('29.97ndf')), { code: 'FRAME_RATE_MISMATCH', message: /29\.97df/ });
  });

  it('refuses a passage outside the media', () => {
    assert.throws(() => placeClip({ ...span, start_s: 50, end_s: 52 }, rushA('25'), parseExportRate('25')), { code: 'TIMECODE_INVALID', message: /outside rush_A001/ });
  });

  it('places a transcript (no media facts) at 00:00:00:00 at the timeline rate', () => {
    const clip = placeClip(span, { ...rushA('25'), rate: null, startTc: null, isMedia: false }, parseExportRate('24'));
    assert.equal(clip.inFrame, 240);
  });

  it('builds record events back to back', () => {
    const t = fixtureTimeline('25');
    for (let i = 1; i < t.events.length; i++) assert.equal(t.events[i]?.recIn, t.events[i - 1]?.recOut);
    assert.equal(t.events[0]?.recIn, 90000);
  });
});

describe('names the edit suites accept', () => {
  it('makes reel names of at most 8 characters of [A-Z0-9_], preferring a camera-card token', () => {
    assert.equal(toReelName(null, 'rush_A001_stewart.mp4'), 'A001');
    assert.equal(toReelName(null, 'B002C003_220101_R1AB.mov'), 'B002C003');
    assert.equal(toReelName(null, 'Clip 7.mov'), 'CLIP_7');
    assert.match(toReelName('Cam #2 Day-2', 'x.mov'), /^CAM_[0-9A-F]{4}$/, 'too long: 4 characters and a hash of the whole name');
    assert.match(toReelName(null, 'Entretien Hélène.mov'), /^ENTR[0-9A-F]{4}$/);
    assert.match(toReelName(null, '日本.mov'), /^AX[0-9A-F]{6}$/);
    assert.notEqual(toReelName(null, '日本.mov'), toReelName(null, '中国.mov'));
  });

  it('gives each source one reel name whatever the list around it, and different names to long names alike at the start', () => {
    const one = { path: '/a/interview_one.mov', reel: null, clipName: 'interview_one.mov' };
    const two = { path: '/b/interview_two.mov', reel: null, clipName: 'interview_two.mov' };
    const card = { path: '/c/Card 3.mov', reel: 'Camera card 3 (Day 2)', clipName: 'Card 3.mov' };
    const first = assignReelNames([one, two, one]);
    const second = assignReelNames([card, two]);
    const third = assignReelNames([two, card, one]);
    assert.equal(first.size, 2);
    assert.notEqual(first.get(one.path), first.get(two.path));
    assert.equal(second.get(two.path), first.get(two.path));
    assert.equal(third.get(two.path), first.get(two.path));
    assert.equal(third.get(one.path), first.get(one.path));
    assert.equal(third.get(card.path), second.get(card.path));
    for (const name of third.values()) assert.match(name, /^[A-Z0-9_]{1,8}$/);
  });

  it('makes file names safe on every OS', () => {
    assert.equal(toSafeFileName('Flood: "take 2" / Hélène?'), 'Flood_take_2_Helene');
    assert.equal(toSafeFileName('../..'), 'selects');
    assert.equal(renderExport('resolve-markers', fixtureTimeline('29.97df')).filename, 'Flood_film_-_selects_v1_2997df_resolve_markers.edl');
  });

  it('rejects an unknown format, listing the formats', () => {
    assert.throws(() => toExportFormat('aaf'), { code: 'INPUT_INVALID', message: /edl, fcpxml, premiere-xml, premiere-markers/ });
    assert.throws(() => parseExportRate('24df'), { code: 'INPUT_INVALID', message: /23\.976, 24, 25/ });
  });
});
