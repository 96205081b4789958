import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { needsCommand, repoRoot, tempDir } from '../helpers/env.ts';

const require = createRequire(import.meta.url);
const darkroom = path.join(repoRoot, 'bin', 'darkroom.js');
const shippedFfmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

interface ToolStatus {
  role: string;
  available: boolean;
  origin: string | null;
  version: string | null;
  libavutil: string | null;
  year: number | null;
  note: string;
  files: Array<{ path: string }>;
}

/** `darkroom models --json --no-hash` in a child process with this PATH (and extra variables), its ffmpeg and ffprobe entries. */
function modelsWith(env: NodeJS.ProcessEnv): { ffmpeg: ToolStatus; ffprobe: ToolStatus } {
  const out = execFileSync(process.execPath, [darkroom, 'models', '--no-hash', '--json'], { env, encoding: 'utf8' });
  const all = JSON.parse(out) as ToolStatus[];
  const pick = (role: string) => {
    const s = all.find((x) => x.role === role);
    assert.ok(s, `darkroom models lists ${role}`);
    return s;
  };
  return { ffmpeg: pick('ffmpeg'), ffprobe: pick('ffprobe') };
}

/** What `<binary> -version` says: the version word and the libavutil version. */
function versionOf(binary: string): { version: string; libavutil: string } {
  const out = execFileSync(binary, ['-version'], { encoding: 'utf8' });
  const av = /libavutil\s+(\d+)\.\s*(\d+)\.\s*(\d+)/.exec(out);
  return { version: /version (\S+)/.exec(out)?.[1] ?? '', libavutil: av ? `${av[1]}.${av[2]}.${av[3]}` : '' };
}

describe('which ffmpeg and ffprobe Darkroom runs: the system build when present and at least as new, else the shipped one, said in darkroom models and the ingest summary', { timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-tools-');
  const shipped = versionOf(shippedFfmpeg);
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_EMBED_MODEL: '', DARKROOM_LOG_LEVEL: 'error', DARKROOM_HOME: path.join(tmp.dir, 'home') };
  delete baseEnv.DARKROOM_FFMPEG;
  delete baseEnv.DARKROOM_FFPROBE;
  after(() => tmp.cleanup());

  /** A folder holding an `ffmpeg` that prints a -version banner of the given year and libavutil (or fails), for PATH. */
  const fakeBuild = (name: string, banner: { year: number; libavutil: string } | 'broken'): string => {
    const dir = path.join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    const [maj, min, mic] = banner === 'broken' ? [] : banner.libavutil.split('.');
    const script =
      banner === 'broken'
        ? '#!/bin/sh\necho "error while loading shared libraries: libavdevice.so.59" >&2\nexit 127\n'
        : `#!/bin/sh\necho "ffmpeg version fake-${banner.year} Copyright (c) 2000-${banner.year} the FFmpeg developers"\necho "libavutil      ${maj}. ${min}.${mic} / ${maj}. ${min}.${mic}"\n`;
    writeFileSync(path.join(dir, 'ffmpeg'), script);
    chmodSync(path.join(dir, 'ffmpeg'), 0o755);
    return dir;
  };

  it('prefers a system ffmpeg built later than the shipped 2018 one, and names version, origin and reason', () => {
    const dir = fakeBuild('newer', { year: 2026, libavutil: '57.28.100' });
    const { ffmpeg } = modelsWith({ ...baseEnv, PATH: dir });
    assert.equal(ffmpeg.origin, 'system');
    assert.equal(ffmpeg.files[0]?.path, path.join(dir, 'ffmpeg'));
    assert.equal(ffmpeg.version, 'fake-2026');
    assert.equal(ffmpeg.year, 2026);
    assert.match(ffmpeg.note, /at least as new as the one shipped with Darkroom \(N-47683/);
  });

  it('keeps the shipped ffmpeg when the system one is older, or does not run', () => {
    const older = modelsWith({ ...baseEnv, PATH: fakeBuild('older', { year: 2016, libavutil: '55.34.100' }) }).ffmpeg;
    assert.equal(older.origin, 'shipped');
    assert.equal(older.files[0]?.path, shippedFfmpeg);
    assert.equal(older.version, shipped.version);
    assert.match(older.note, /newer \(built 2018\) than the system's ffmpeg \(fake-2016, built 2016\)/);
    const broken = modelsWith({ ...baseEnv, PATH: fakeBuild('broken', 'broken') }).ffmpeg;
    assert.equal(broken.origin, 'shipped');
    assert.match(broken.note, /which did not run/);
  });

  it('compares libavutil when the years are equal, and gives a tie to the system build', () => {
    const [maj = 0, min = 0, mic = 0] = shipped.libavutil.split('.').map(Number);
    const lower = modelsWith({ ...baseEnv, PATH: fakeBuild('same-year-lower', { year: 2018, libavutil: `${maj}.${min - 1}.${mic}` }) }).ffmpeg;
    assert.equal(lower.origin, 'shipped');
    const tie = modelsWith({ ...baseEnv, PATH: fakeBuild('same-year-tie', { year: 2018, libavutil: shipped.libavutil }) }).ffmpeg;
    assert.equal(tie.origin, 'system');
    const higher = modelsWith({ ...baseEnv, PATH: fakeBuild('same-year-higher', { year: 2018, libavutil: `${maj}.${min + 1}.${mic}` }) }).ffmpeg;
    assert.equal(higher.origin, 'system');
  });

  it('uses DARKROOM_FFMPEG over both, and the shipped ffmpeg when none is on PATH', () => {
    const configured = modelsWith({ ...baseEnv, PATH: fakeBuild('newer2', { year: 2030, libavutil: '60.0.0' }), DARKROOM_FFMPEG: shippedFfmpeg }).ffmpeg;
    assert.equal(configured.origin, 'configured');
    assert.equal(configured.files[0]?.path, shippedFfmpeg);
    assert.match(configured.note, /set by DARKROOM_FFMPEG/);
    assert.equal(configured.version, shipped.version, 'a configured binary is still named with its version');
    const none = modelsWith({ ...baseEnv, PATH: path.join(tmp.dir, 'empty') }).ffmpeg;
    assert.equal(none.origin, 'shipped');
    assert.match(none.note, /no system ffmpeg on PATH/);
  });

  it('with the real system ffmpeg on PATH, ingests a rush with it and says so in the --json summary and the source record', { skip: needsCommand('ffmpeg', 'apt-get install ffmpeg') }, () => {
    const system = spawnSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).stdout.trim();
    const systemVersion = versionOf(system);
    const { ffmpeg } = modelsWith(baseEnv);
    // Debian 12's 5.1 (2026 security build) is newer than the shipped 2018 build; a system build older than it would lose.
    const expected = Number(/\d{4}-(\d{4})/.exec(execFileSync(system, ['-version'], { encoding: 'utf8' }))?.[1] ?? 0) >= 2018 ? 'system' : 'shipped';
    assert.equal(ffmpeg.origin, expected);
    if (expected === 'system') assert.equal(ffmpeg.version, systemVersion.version);

    const rushes = path.join(tmp.dir, 'rushes');
    mkdirSync(rushes, { recursive: true });
    execFileSync(system, ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=3', '-c:a', 'pcm_s16le', path.join(rushes, 'interview.wav')]);
    writeFileSync(path.join(rushes, 'interview.srt'), '1\n00:00:00,500 --> 00:00:02,500\nThe ferry stopped running in the winter of 1963.\n');
    const run = spawnSync(process.execPath, [darkroom, 'ingest', rushes, '--corpus', 'tools', '--json'], { env: baseEnv, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { ingested: number; media_tools?: { ffmpeg: { origin: string; path: string; version: string } } };
    assert.equal(summary.ingested, 1);
    assert.equal(summary.media_tools?.ffmpeg.origin, expected);
    assert.equal(summary.media_tools?.ffmpeg.path, ffmpeg.files[0]?.path);
    const text = spawnSync(process.execPath, [darkroom, 'ingest', rushes, '--corpus', 'tools', '--force'], { env: baseEnv, encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^media: ffmpeg ${ffmpeg.version?.replace(/[.+]/g, '\\$&') ?? ''} \\(${expected}, `, 'm'));
    const sources = JSON.parse(execFileSync(process.execPath, [darkroom, 'sources', '--corpus', 'tools', '--json'], { env: baseEnv, encoding: 'utf8' })) as unknown;
    assert.match(JSON.stringify(sources), new RegExp(`ffmpeg ${ffmpeg.version?.replace(/[.+]/g, '\\$&') ?? ''} \\(${expected}`));
  });

  it('ingests with the shipped ffmpeg when PATH has none, and says so', () => {
    const rushes = path.join(tmp.dir, 'rushes-shipped');
    mkdirSync(rushes, { recursive: true });
    execFileSync(shippedFfmpeg, ['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=3', '-c:a', 'pcm_s16le', path.join(rushes, 'letters.wav')]);
    writeFileSync(path.join(rushes, 'letters.srt'), '1\n00:00:00,500 --> 00:00:02,500\nShe wrote every week from the mill.\n');
    const run = spawnSync(process.execPath, [darkroom, 'ingest', rushes, '--corpus', 'shipped', '--json'], { env: { ...baseEnv, PATH: path.join(tmp.dir, 'empty') }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { ingested: number; media_tools?: { ffmpeg: { origin: string; path: string } } };
    assert.equal(summary.ingested, 1);
    assert.equal(summary.media_tools?.ffmpeg.origin, 'shipped');
    assert.equal(summary.media_tools?.ffmpeg.path, shippedFfmpeg);
    assert.ok(readFileSync(shippedFfmpeg).length > 0);
  });
});
