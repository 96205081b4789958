import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import {
  formatTimecode,
  formatTimecodeContinuous,
  frameRateFrom,
  framesPerDay,
  framesToSeconds,
  isDropFrameTimecode,
  parseTimecode,
  secondsAt,
  secondsToFrames,
  timecodeAt,
  type FrameRate,
} from '../../core/timecode.ts';

const r23976 = frameRateFrom('24000/1001');
const r24 = frameRateFrom(24);
const r25 = frameRateFrom('25/1');
const r2997ndf = frameRateFrom('30000/1001');
const r2997df = frameRateFrom('30000/1001', true);
const r30 = frameRateFrom(30);
const r50 = frameRateFrom(50);
const r5994ndf = frameRateFrom(59.94);
const r5994df = frameRateFrom(59.94, true);
const r60 = frameRateFrom('60');

const allRates: Array<[string, FrameRate]> = [
  ['23.976', r23976],
  ['24', r24],
  ['25', r25],
  ['29.97 NDF', r2997ndf],
  ['29.97 DF', r2997df],
  ['30', r30],
  ['50', r50],
  ['59.94 NDF', r5994ndf],
  ['59.94 DF', r5994df],
  ['60', r60],
];

function throwsTimecodeInvalid(fn: () => unknown, mentions: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isDarkroomError(err, 'TIMECODE_INVALID'), `expected TIMECODE_INVALID, got ${String(err)}`);
    assert.match(err.message, mentions);
    return true;
  });
}

describe('frame rates from ffprobe rationals and numbers', () => {
  it('maps NTSC rationals and decimals to exact 1001 fractions with nominal fps', () => {
    assert.deepEqual(frameRateFrom('30000/1001'), { fps: 30, rational: [30000, 1001], dropFrame: false });
    assert.deepEqual(frameRateFrom(29.97, true), { fps: 30, rational: [30000, 1001], dropFrame: true });
    assert.deepEqual(frameRateFrom(23.976), { fps: 24, rational: [24000, 1001], dropFrame: false });
    assert.deepEqual(frameRateFrom('23.976'), { fps: 24, rational: [24000, 1001], dropFrame: false });
    assert.deepEqual(frameRateFrom('60000/1001'), { fps: 60, rational: [60000, 1001], dropFrame: false });
    assert.deepEqual(frameRateFrom('2997/100'), { fps: 30, rational: [30000, 1001], dropFrame: false });
  });

  it('reduces integer rates to n/1', () => {
    assert.deepEqual(frameRateFrom('25/1').rational, [25, 1]);
    assert.deepEqual(frameRateFrom('50/2').rational, [25, 1]);
    assert.deepEqual(frameRateFrom([48, 2]).rational, [24, 1]);
    assert.deepEqual(frameRateFrom(12.5), { fps: 13, rational: [25, 2], dropFrame: false });
  });

  it('refuses zero, negative and unreadable rates, naming the value', () => {
    throwsTimecodeInvalid(() => frameRateFrom('0/0'), /"0\/0".*29\.97/);
    throwsTimecodeInvalid(() => frameRateFrom(0), /0 is not usable|Frame rate 0/);
    throwsTimecodeInvalid(() => frameRateFrom(-25), /-25/);
    throwsTimecodeInvalid(() => frameRateFrom('fast'), /"fast"/);
  });

  it('allows drop-frame only at 29.97 and 59.94', () => {
    throwsTimecodeInvalid(() => frameRateFrom(25, true), /only for 29\.97 and 59\.94.*25 fps/);
    throwsTimecodeInvalid(() => frameRateFrom(30, true), /30 fps/);
    throwsTimecodeInvalid(() => frameRateFrom(23.976, true), /23\.976/);
  });

  it('tells a drop-frame timecode by its separator', () => {
    assert.equal(isDropFrameTimecode('01:00:00;00'), true);
    assert.equal(isDropFrameTimecode('01:00:00.00'), true);
    assert.equal(isDropFrameTimecode('01:00:00:00'), false);
    assert.equal(isDropFrameTimecode('garbage'), false);
  });
});

describe('timecode <-> frame count', () => {
  it('counts non-drop-frame timecode as plain frames at the nominal rate', () => {
    assert.equal(parseTimecode('00:00:00:00', r25), 0);
    assert.equal(parseTimecode('00:00:01:00', r25), 25);
    assert.equal(parseTimecode('10:00:00:00', r25), 900_000);
    assert.equal(parseTimecode('01:02:03:04', r24), ((3600 + 120 + 3) * 24) + 4);
    assert.equal(parseTimecode('01:00:00:00', r23976), 86_400);
    assert.equal(parseTimecode('01:00:00:00', r2997ndf), 108_000);
    assert.equal(parseTimecode('00:00:01:49', r50), 99);
    assert.equal(parseTimecode('00:00:01:59', r5994ndf), 119);
    assert.equal(parseTimecode('23:59:59:59', r60), 60 * 86_400 - 1);
  });

  it('skips two frame numbers a minute at 29.97 DF, except every tenth minute', () => {
    assert.equal(parseTimecode('00:00:59;29', r2997df), 1799);
    assert.equal(parseTimecode('00:01:00;02', r2997df), 1800);
    assert.equal(parseTimecode('00:10:00;00', r2997df), 17_982);
    assert.equal(parseTimecode('00:10:00;01', r2997df), 17_983);
    assert.equal(parseTimecode('01:00:00;00', r2997df), 107_892);
    assert.equal(formatTimecode(1799, r2997df), '00:00:59;29');
    assert.equal(formatTimecode(1800, r2997df), '00:01:00;02');
    assert.equal(formatTimecode(17_982, r2997df), '00:10:00;00');
    assert.equal(formatTimecode(17_984, r2997df), '00:10:00;02');
    assert.equal(formatTimecode(107_892, r2997df), '01:00:00;00');
  });

  it('skips four frame numbers a minute at 59.94 DF', () => {
    assert.equal(parseTimecode('00:01:00;04', r5994df), 3600);
    assert.equal(formatTimecode(3599, r5994df), '00:00:59;59');
    assert.equal(formatTimecode(3600, r5994df), '00:01:00;04');
    assert.equal(parseTimecode('01:00:00;00', r5994df), 215_784);
    assert.equal(formatTimecode(215_784, r5994df), '01:00:00;00');
  });

  for (const [name, rate] of allRates) {
    it(`round-trips every frame of the first 11 minutes and the last of the day at ${name}`, () => {
      const limit = rate.fps * 60 * 11;
      for (let n = 0; n < limit; n++) {
        const tc = formatTimecode(n, rate);
        assert.equal(parseTimecode(tc, rate), n, `${n} -> ${tc}`);
      }
      const last = framesPerDay(rate) - 1;
      assert.equal(parseTimecode(formatTimecode(last, rate), rate), last);
      assert.match(formatTimecode(last, rate), /^23:59:59[:;]\d\d$/);
    });
  }

  it('writes drop-frame timecode with ";" and non-drop-frame with ":"', () => {
    assert.equal(formatTimecode(0, r2997df), '00:00:00;00');
    assert.equal(formatTimecode(0, r2997ndf), '00:00:00:00');
    assert.equal(formatTimecode(0, r5994df), '00:00:00;00');
  });

  it('accepts "." and "," as drop-frame separators and one-digit hours', () => {
    assert.equal(parseTimecode('00:01:00.02', r2997df), 1800);
    assert.equal(parseTimecode('00:01:00,02', r2997df), 1800);
    assert.equal(parseTimecode('1:00:00:00', r25), 90_000);
    assert.equal(parseTimecode(' 01:00:00:00 ', r25), 90_000);
  });

  it('reads a ":" timecode at a drop-frame rate as drop-frame', () => {
    assert.equal(parseTimecode('00:01:00:02', r2997df), 1800);
  });
});

describe('midnight rollover', () => {
  it('wraps frame counts past 24 h and below zero', () => {
    assert.equal(formatTimecode(framesPerDay(r25), r25), '00:00:00:00');
    assert.equal(formatTimecode(framesPerDay(r25) + 26, r25), '00:00:01:01');
    assert.equal(formatTimecode(-1, r25), '23:59:59:24');
    assert.equal(formatTimecode(-1, r2997df), '23:59:59;29');
    assert.equal(formatTimecode(framesPerDay(r2997df), r2997df), '00:00:00;00');
  });

  it('has the right number of frames in a day at each rate', () => {
    assert.equal(framesPerDay(r25), 2_160_000);
    assert.equal(framesPerDay(r2997ndf), 2_592_000);
    assert.equal(framesPerDay(r2997df), 2_589_408);
    assert.equal(framesPerDay(r5994df), 5_178_816);
  });

  it('counts on past 24:00:00:00 for edit lists, and refuses what two hour digits cannot hold', () => {
    assert.equal(formatTimecodeContinuous(framesPerDay(r25) + 26, r25), '24:00:01:01');
    assert.equal(formatTimecodeContinuous(framesPerDay(r2997df) + 1800, r2997df), '24:01:00;02', 'drop-frame numbering goes on');
    assert.equal(formatTimecodeContinuous(90_000, r25), formatTimecode(90_000, r25));
    assert.throws(() => formatTimecodeContinuous(-1, r25), { code: 'TIMECODE_INVALID' });
    assert.throws(() => formatTimecodeContinuous(100 * 3600 * 25, r25), { code: 'TIMECODE_INVALID', message: /past 99:59:59/ });
  });

  it('gives the timecode after midnight for a rush that starts before it', () => {
    assert.equal(timecodeAt('23:59:59:00', 2, r25), '00:00:01:00');
    assert.equal(secondsAt('23:59:59:00', '00:00:01:00', r25), 2);
  });
});

describe('seconds <-> frames', () => {
  it('converts frames to real seconds at the real rate', () => {
    assert.equal(framesToSeconds(25, r25), 1);
    assert.equal(framesToSeconds(30_000, r2997ndf), 1001);
    assert.equal(framesToSeconds(24_000, r23976), 1001);
  });

  it('floors seconds to the frame showing, without float error', () => {
    assert.equal(secondsToFrames(0.999, r25), 24);
    assert.equal(secondsToFrames(0.12, r25), 3);
    assert.equal(secondsToFrames(1, r25), 25);
    assert.equal(secondsToFrames(1001, r2997ndf), 30_000);
    assert.equal(secondsToFrames(0, r60), 0);
  });

  it('refuses non-finite seconds', () => {
    throwsTimecodeInvalid(() => secondsToFrames(Number.NaN, r25), /NaN/);
  });
});

describe('source timecode from file seconds', () => {
  it('adds file seconds to the start timecode (the sample rush: 10:00:00:00 @ 25)', () => {
    assert.equal(timecodeAt('10:00:00:00', 0, r25), '10:00:00:00');
    assert.equal(timecodeAt('10:00:00:00', 1.04, r25), '10:00:01:01');
    assert.equal(timecodeAt('10:00:00:00', 253.5, r25), '10:04:13:12');
  });

  it('keeps 29.97 DF timecode on the wall clock and lets NDF drift', () => {
    assert.equal(timecodeAt('01:00:00;00', 3600, r2997df), '02:00:00;00');
    assert.equal(timecodeAt('01:00:00:00', 3600, r2997ndf), '01:59:56:12');
    assert.equal(timecodeAt('00:00:00;00', 60, r2997df), '00:00:59;28');
    assert.equal(timecodeAt('00:00:00;00', 60.06, r2997df), '00:01:00;02');
  });

  it('is the inverse of secondsAt to within one frame', () => {
    for (const [name, rate] of allRates) {
      const start = rate.dropFrame ? '09:50:00;00' : '09:59:00:00';
      for (const s of [0, 0.5, 59.9, 61, 600.25, 3599.99, 7200]) {
        const tc = timecodeAt(start, s, rate);
        const back = secondsAt(start, tc, rate);
        assert.ok(back <= s + 1e-9 && s - back < 1 / rate.fps + 1e-9, `${name}: ${s} s -> ${tc} -> ${back} s`);
      }
    }
  });
});

describe('validation', () => {
  it('names the value and the expected form for malformed timecode', () => {
    for (const bad of ['', '10:00:00', '10-00-00-00', 'ten o clock', '10:00:00:00:00', '100:00:00:00']) {
      throwsTimecodeInvalid(() => parseTimecode(bad, r25), /HH:MM:SS:FF/);
    }
  });

  it('refuses hours, minutes or seconds out of range', () => {
    throwsTimecodeInvalid(() => parseTimecode('24:00:00:00', r25), /"24:00:00:00".*00-23/);
    throwsTimecodeInvalid(() => parseTimecode('10:60:00:00', r25), /00-59/);
    throwsTimecodeInvalid(() => parseTimecode('10:00:60:00', r25), /00-59/);
  });

  it('refuses a frame number the rate does not have', () => {
    throwsTimecodeInvalid(() => parseTimecode('10:00:00:25', r25), /frame 25.*00-24/);
    throwsTimecodeInvalid(() => parseTimecode('10:00:00:24', r23976), /00-23/);
    assert.equal(parseTimecode('10:00:00:29', r2997ndf), 1_080_029);
  });

  it('refuses the frame numbers drop-frame skips, naming the next valid one', () => {
    throwsTimecodeInvalid(() => parseTimecode('00:01:00;00', r2997df), /skipped.*00:01:00;02/);
    throwsTimecodeInvalid(() => parseTimecode('00:01:00;01', r2997df), /skipped/);
    throwsTimecodeInvalid(() => parseTimecode('00:01:00;03', r5994df), /00:01:00;04/);
    assert.equal(parseTimecode('00:10:00;00', r2997df), 17_982);
  });

  it('refuses a drop-frame separator at a non-drop-frame rate', () => {
    throwsTimecodeInvalid(() => parseTimecode('10:00:00;00', r25), /drop-frame.*25 fps.*":"/);
    throwsTimecodeInvalid(() => parseTimecode('10:00:00;00', r2997ndf), /29\.97 fps/);
  });

  it('refuses a frame count that is not a number', () => {
    throwsTimecodeInvalid(() => formatTimecode(Number.POSITIVE_INFINITY, r25), /Infinity/);
  });
});
