/**
 * The CLI shows a rush's times as an editor reads them: source timecode in `darkroom sources` (the length),
 * `darkroom selects list|add` (in and out) and `darkroom search` (in and out); seconds only in `--json`, beside
 * the timecode. A real 29.97 fps drop-frame rush starting at 01:00:00;00 (espeak-ng speech, the npm-shipped
 * ffmpeg) with a sidecar transcript; real CLI processes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { frameRateFrom, timecodeAt } from '../../core/timecode.ts';
import { needsEspeak, buildSpokenClip } from '../helpers/media-fixtures.ts';
import { needsFfmpeg, repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_WHISPER_MODEL: '', LANCEDB_LOG: 'error' };
delete env.DARKROOM_LOG_LEVEL;
const df = frameRateFrom('30000/1001', true);

describe('timecode wherever the CLI shows a rush\'s time', { skip: needsFfmpeg() || needsEspeak(), timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-cli-tc-');
  const home = path.join(tmp.dir, 'home');
  const darkroom = (...args: string[]) => spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8', env, timeout: 120_000 });
  let passage = '';
  let start = 0;
  let end = 0;

  before(() => {
    const rushes = path.join(tmp.dir, 'rushes');
    mkdirSync(rushes);
    const clip = buildSpokenClip(rushes);
    const run = darkroom('ingest', clip.file, '--corpus', 'r');
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const hits = JSON.parse(darkroom('search', 'flood mill', '--corpus', 'r', '--json').stdout) as { hits: Array<{ id: string; start_s: number; end_s: number }> };
    passage = hits.hits[0]!.id;
    start = hits.hits[0]!.start_s;
    end = hits.hits[0]!.end_s;
  });
  after(() => tmp.cleanup());

  it('sources: the length as timecode, seconds beside it in --json', () => {
    const text = darkroom('sources', '--corpus', 'r').stdout;
    assert.match(text, /\s00:00:\d\d;\d\d\s+\S*interview_B002\.mov$/m, text);
    assert.doesNotMatch(text, /\d+\.\d s /);
    const [source] = JSON.parse(darkroom('sources', '--corpus', 'r', '--json').stdout) as Array<{ duration_s: number; duration_tc: string }>;
    assert.ok(source!.duration_s > 5, String(source!.duration_s));
    assert.match(source!.duration_tc, /^00:00:\d\d;\d\d$/);
  });

  it('selects: in and out as source timecode, seconds beside them in --json', () => {
    const added = darkroom('selects', 'add', passage, '--corpus', 'r');
    assert.equal(added.status, 0, added.stderr);
    const tcIn = timecodeAt('01:00:00;00', start, df);
    const tcOut = timecodeAt('01:00:00;00', end, df);
    for (const out of [added.stdout, darkroom('selects', 'list', '--corpus', 'r').stdout]) {
      assert.ok(out.includes(`${tcIn} - ${tcOut}`), out);
      assert.doesNotMatch(out, /\d+\.\d\d-\d+\.\d\d s/);
    }
    const { items } = JSON.parse(darkroom('selects', 'list', '--corpus', 'r', '--json').stdout) as { items: Array<{ start_s: number; tc_in: string; tc_out: string }> };
    assert.equal(items[0]!.start_s, start);
    assert.equal(items[0]!.tc_in, tcIn);
    assert.equal(items[0]!.tc_out, tcOut);
  });

  it('search: the hit\'s in and out as source timecode', () => {
    const out = darkroom('search', 'flood mill', '--corpus', 'r').stdout;
    assert.ok(out.includes(`TC ${timecodeAt('01:00:00;00', start, df)} - ${timecodeAt('01:00:00;00', end, df)}`), out);
  });
});
