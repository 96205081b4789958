import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citationPlace, clockOf, clockTime, commonFolder, folderUnder, passageSpan, fileTime, formatBytes, formatDuration, playerTime } from '../../web/src/format.ts';

describe('the player clock', () => {
  it('shows source timecode from the cited TC in, at 25 fps', () => {
    const clock = clockOf({ tc_in: '10:00:03:05', fps: 25, start_s: 3.2 });
    assert.ok(clock);
    assert.equal(playerTime(clock, 0), '10:00:00:00');
    assert.equal(playerTime(clock, 3.2), '10:00:03:05');
    assert.equal(playerTime(clock, 46.4), '10:00:46:10');
  });

  it('keeps drop-frame counting at 29.97 across a minute boundary', () => {
    const clock = clockOf({ tc_in: '01:00:59;29', fps: 29.97, start_s: 0 });
    assert.ok(clock);
    assert.equal(playerTime(clock, 1 / 29.97 + 1e-4), '01:01:00;02');
  });

  it('wraps past midnight like the edit suite does', () => {
    const clock = clockOf({ tc_in: '23:59:59:24', fps: 25, start_s: 0 });
    assert.ok(clock);
    assert.equal(playerTime(clock, 0.04), '00:00:00:00');
  });

  it('falls back to file time when the rush has no timecode', () => {
    assert.equal(clockOf({ tc_in: null, fps: null, start_s: 12 }), null);
    assert.equal(playerTime(null, 3723.46), '01:02:03.4');
    assert.equal(fileTime(-1), '00:00:00.0');
  });

  it('does not invent a clock from an unreadable timecode', () => {
    assert.equal(clockOf({ tc_in: 'garbage', fps: 25, start_s: 1 }), null);
  });
});

describe('places, durations and sizes', () => {
  it('says where a citation is: TC in-out, file times, or page', () => {
    assert.equal(citationPlace({ page: null, tc_in: '10:00:03:05', tc_out: '10:00:09:12', start_s: 3.2, end_s: 9.5 }), 'TC 10:00:03:05 – 10:00:09:12');
    assert.equal(citationPlace({ page: null, tc_in: null, tc_out: null, start_s: 65, end_s: 70.5 }), '00:01:05 – 00:01:10');
    assert.equal(citationPlace({ page: 4, tc_in: null, tc_out: null, start_s: null, end_s: null }, 'p.'), 'p. 4');
    assert.equal(citationPlace({ page: null, tc_in: null, tc_out: null, start_s: null, end_s: null }), '');
  });

  it('writes a transcript clock as HH:MM:SS and a transcript as the span of its passages', () => {
    assert.equal(clockTime(186.9), '00:03:06');
    assert.equal(clockTime(50_553.673), '14:02:33');
    assert.equal(passageSpan([{ start_s: 50_531, end_s: 50_540 }, { start_s: 50_800, end_s: 50_824.5 }]), '14:02:11 – 14:07:04');
    assert.equal(passageSpan([{ start_s: null, end_s: null }]), '');
  });

  it('shows a file by its folder under the corpus root', () => {
    const paths = ['/data/film/archive/rushes/a.srt', '/data/film/archive/letters/b.txt', '/data/film/archive/c.pdf'];
    assert.equal(commonFolder(paths), '/data/film/archive/');
    assert.equal(folderUnder(paths[0] ?? '', '/data/film/archive/'), 'rushes/');
    assert.equal(folderUnder('C:\\film\\x.mp4', '/data/'), 'C:\\film\\');
    assert.equal(commonFolder([]), '');
    // "All corpora": paths that share only the root keep it ("/srv/b/", not "srv/b/").
    const spread = ['/data/a/x.txt', '/srv/b/y.txt'];
    assert.equal(commonFolder(spread), '');
    assert.equal(folderUnder(spread[1] ?? '', commonFolder(spread)), '/srv/b/');
    assert.equal(commonFolder(['C:\\a\\x.txt', 'C:\\b\\y.txt']), '');
  });

  it('writes durations and sizes as a person reads them', () => {
    assert.equal(formatDuration(46.4), '46 s');
    assert.equal(formatDuration(185), '3 min 05 s');
    assert.equal(formatDuration(3720), '1 h 02 min');
    assert.equal(formatDuration(null), '');
    assert.equal(formatBytes(812), '812 B');
    assert.equal(formatBytes(14_200), '14 kB');
    assert.equal(formatBytes(9_540), '9.5 kB');
    assert.equal(formatBytes(3_400_000), '3.4 MB');
  });
});
