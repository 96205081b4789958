/**
 * No dead end for a rush: a rush without a transcript and without a transcriber is kept as a source awaiting a
 * transcript (probed, listed, playable, found by name, reel, date and folder), `transcribeAwaiting` (the
 * `darkroom transcribe` command) gives it words later under the writer lock, and a transcriber that writes
 * nothing, or a rush without sound, leaves it awaiting with the error. Real LanceDB, the npm-shipped ffmpeg,
 * real `darkroom` processes for the commands.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { withWriterLock } from '../../core/store/writer-lock.ts';
import { ingestExitCode } from '../../ingest/commands/ingest.ts';
import { createMediaExtractor, mediaExtensions, type MediaExtractorOptions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { transcribeAwaiting } from '../../ingest/transcribe-awaiting.ts';
import { needsFfmpeg, repoRoot, tempDir } from '../helpers/env.ts';
import { buildBrokenMedia, buildToneRush } from '../helpers/media-fixtures.ts';

const tools = resolveMediaTools();
const use = (options: MediaExtractorOptions = {}) => registerExtractor([...mediaExtensions], createMediaExtractor({ tools, timeoutS: 60, ...options }));
const srtCommand = (text: string) => `printf '1\\n00:00:00,200 --> 00:00:01,500\\n${text}\\n' > {output}`;

describe('rushes without a transcript are kept, awaiting one', { skip: needsFfmpeg(), timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-awaiting-');
  const card = path.join(tmp.dir, 'card_2026');
  const home = path.join(tmp.dir, 'home');
  let archive: Archive;
  let dawn: string;
  let dusk: string;
  let silent: string;

  before(async () => {
    mkdirSync(card);
    dawn = buildToneRush(card, 'B004C001_harbour_dawn.mov', { timecode: '14:30:00:00', date: '2026-11-02' });
    dusk = buildToneRush(card, 'B004C002_harbour_dusk.mov', { timecode: '18:05:00:00' });
    silent = buildBrokenMedia(card).silentVideo;
    for (const name of ['empty_clip.mov', 'corrupt_clip.mp4', 'unknown_codec.wav']) rmSync(path.join(card, name));
    archive = await Archive.open({ home });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('ingests a folder of rushes with no transcriber: counted as awaiting, exit code 0, listed, playable and found by name, reel, date and folder', async () => {
    use();
    const summary = await ingest({ archive, corpus: 'card', inputs: [card], embedder: null });
    assert.equal(summary.awaiting, 3, JSON.stringify(summary.results));
    assert.equal(summary.failed, 0);
    assert.equal(ingestExitCode(summary), 0);
    const sources = await archive.listSources({ corpus: 'card' });
    assert.deepEqual(sources.map((s) => [path.basename(s.path), s.state, s.passages, s.error]), [
      ['B004C001_harbour_dawn.mov', 'awaiting_transcript', 1, null],
      ['B004C002_harbour_dusk.mov', 'awaiting_transcript', 1, null],
      ['no_audio_clip.mov', 'awaiting_transcript', 1, null],
    ]);
    const media = JSON.parse(sources[0]?.media_json ?? '{}') as { start_tc: string; audio_streams: number; audio_channels: number };
    assert.deepEqual([media.start_tc, media.audio_streams, media.audio_channels], ['14:30:00:00', 1, 2]);
    assert.deepEqual((await archive.listCorpora()).map((c) => [c.corpus, c.awaiting_transcript]), [['card', 3]]);

    const find = async (query: string) => (await searchArchive(archive, null, { query, corpus: 'card' })).hits;
    const [byName] = await find('harbour dawn');
    assert.equal(byName?.path, dawn);
    assert.equal(byName?.tc_in, '14:30:00:00', 'playable from its start timecode');
    assert.equal(byName?.start_s, 0);
    assert.match(byName?.text ?? '', /^Rush awaiting transcript: B004C001_harbour_dawn\.mov .*reel B004.*start timecode 14:30:00:00, 25 fps, 2\.0 s long, recorded 2026-11-02, folder .*card_2026 \(card 2026\), 1 audio stream \(aac, 2 channels\)/);
    assert.ok((await find('B004')).some((h) => h.path === dusk), 'found by reel');
    assert.equal((await find('2026-11-02'))[0]?.path, dawn, 'found by date');
    assert.equal((await find('card')).length, 3, 'found by folder');
    assert.match((await find('no audio clip'))[0]?.text ?? '', /no audio stream/);
  });

  it('transcribes an awaiting rush once a transcriber is configured, replacing its metadata passage, under the writer lock', async () => {
    use({ command: srtCommand('The boats leave the harbour at dawn.') });
    // Another writer holds the archive: refused at once, naming it, and nothing changes.
    let release = () => {};
    const held = withWriterLock(home, { purpose: 'reembed' }, () => new Promise<void>((resolve) => (release = resolve)));
    while (!existsSync(path.join(home, 'writer.lock'))) await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(transcribeAwaiting({ archive, embedder: null, refs: [dawn] }), (err: unknown) => isDarkroomError(err, 'ARCHIVE_LOCKED') && /reembed/.test(err.message));
    release();
    await held;

    const summary = await transcribeAwaiting({ archive, embedder: null, corpus: 'card', refs: [dawn] });
    assert.deepEqual([summary.rushes, summary.transcribed, summary.awaiting, summary.failed], [1, 1, 0, 0]);
    const source = (await archive.listSources({ corpus: 'card' })).find((s) => s.path === dawn);
    assert.deepEqual([source?.state, source?.transcript_method, source?.error], ['ingested', 'external', null]);
    const [hit] = (await searchArchive(archive, null, { query: 'boats leave', corpus: 'card' })).hits;
    assert.deepEqual([hit?.path, hit?.match_s, hit?.match_tc], [dawn, 0.2, '14:30:00:05']);
    assert.ok(!(await searchArchive(archive, null, { query: 'awaiting', corpus: 'card' })).hits.some((h) => h.path === dawn), 'its metadata passage is gone');
  });

  it('leaves a rush awaiting, with the error, when the transcriber writes nothing or the rush has no sound; nothing stored is lost', async () => {
    const before = await archive.countPassages('card');
    use({ command: `printf '' > {output}` });
    const summary = await transcribeAwaiting({ archive, embedder: null, corpus: 'card' });
    assert.deepEqual([summary.rushes, summary.transcribed, summary.awaiting], [2, 0, 2]);
    const byPath = new Map(summary.results.map((r) => [r.path, r.error ?? '']));
    assert.match(byPath.get(dusk) ?? '', /B004C002_harbour_dusk\.mov: the transcriber wrote an empty transcript/);
    assert.match(byPath.get(silent) ?? '', /no_audio_clip\.mov has no audio stream: there is nothing to transcribe.*no_audio_clip\.srt/);
    const sources = await archive.listSources({ corpus: 'card' });
    assert.deepEqual(sources.map((s) => [path.basename(s.path), s.state]), [
      ['B004C001_harbour_dawn.mov', 'ingested'],
      ['B004C002_harbour_dusk.mov', 'awaiting_transcript'],
      ['no_audio_clip.mov', 'awaiting_transcript'],
    ]);
    assert.match(sources[1]?.error ?? '', /wrote an empty transcript/, 'the error stays on the source for `darkroom sources`');
    assert.equal(await archive.countPassages('card'), before);
    assert.equal((await searchArchive(archive, null, { query: 'harbour dusk', corpus: 'card' })).hits[0]?.path, dusk, 'still found by name');
    assert.ok((await searchArchive(archive, null, { query: 'boats', corpus: 'card' })).hits.length > 0, 'the transcribed rush is untouched');
  });

  it('reads a sidecar that appears later at the next ingest', async () => {
    use();
    const sidecar = silent.replace(/\.mov$/, '.srt');
    writeFileSync(sidecar, '1\n00:00:00,500 --> 00:00:01,800\nA silent shot of the quay, described by the editor.\n');
    try {
      const summary = await ingest({ archive, corpus: 'card', inputs: [card], embedder: null });
      assert.deepEqual([summary.ingested, summary.awaiting, summary.skipped], [1, 1, 1]);
      const source = (await archive.listSources({ corpus: 'card' })).find((s) => s.path === silent);
      assert.deepEqual([source?.state, source?.transcript_method], ['ingested', 'sidecar']);
      assert.equal((await searchArchive(archive, null, { query: 'quay', corpus: 'card' })).hits[0]?.match_s, 0.5);
      const again = await transcribeAwaiting({ archive, embedder: null, refs: [silent] });
      assert.deepEqual([again.rushes, again.not_awaiting], [0, [silent]], 'a named rush that has a transcript is left alone');
    } finally {
      rmSync(sidecar);
    }
  });

  it('keeps the stored transcript of a rush whose sidecar is gone when no transcriber is configured', async () => {
    const dir = path.join(tmp.dir, 'kept');
    mkdirSync(dir);
    const rush = buildToneRush(dir, 'C007_quay.mov');
    const sidecar = rush.replace(/\.mov$/, '.srt');
    writeFileSync(sidecar, '1\n00:00:00,100 --> 00:00:01,900\nThe ferryman sang every morning.\n');
    use();
    assert.equal((await ingest({ archive, corpus: 'kept', inputs: [dir], embedder: null })).ingested, 1);
    rmSync(sidecar);
    const summary = await ingest({ archive, corpus: 'kept', inputs: [dir], embedder: null });
    assert.equal(summary.failed, 1);
    assert.match(summary.results[0]?.error ?? '', /C007_quay\.mov: no transcript could be read this time .* so its stored transcript is kept/);
    assert.equal((await searchArchive(archive, null, { query: 'ferryman', corpus: 'kept' })).hits[0]?.path, rush);
  });
});

describe('darkroom ingest and darkroom transcribe, as processes', { skip: needsFfmpeg(), timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-awaiting-cli-');
  after(() => tmp.cleanup());
  const cli = path.join(repoRoot, 'bin', 'darkroom.js');
  const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_TRANSCRIBE_CMD: '', DARKROOM_WHISPER_MODEL: '', LANCEDB_LOG: 'error' };
  delete env.DARKROOM_LOG_LEVEL;
  const darkroom = (args: string[]) => spawnSync(process.execPath, [cli, ...args, '--home', path.join(tmp.dir, 'home')], { encoding: 'utf8', env, timeout: 180_000 });

  it('ingest exits 0 with the rushes awaiting; transcribe says what it needs, what stays awaiting and why, then transcribes', () => {
    const card = path.join(tmp.dir, 'A_cam');
    mkdirSync(card);
    buildToneRush(card, 'A012C003_market.mov');
    const ingested = darkroom(['ingest', card, '--corpus', 'market']);
    assert.equal(ingested.status, 0, ingested.stderr);
    assert.match(ingested.stdout, /corpus market: 0 ingested, 1 awaiting transcript/);
    assert.match(ingested.stdout, /AWAITING .*A012C003_market\.mov/);
    assert.match(darkroom(['sources']).stdout, /market\t1 sources\t1 passages\t1 awaiting transcript/);

    const unconfigured = darkroom(['transcribe', '--corpus', 'market']);
    assert.equal(unconfigured.status, 2, unconfigured.stderr);
    assert.match(unconfigured.stderr, /No transcriber is configured.*DARKROOM_TRANSCRIBE_CMD.*DARKROOM_WHISPER_MODEL/);

    const empty = darkroom(['transcribe', '--corpus', 'market', '--transcribe-cmd', `printf '' > {output}`]);
    assert.equal(empty.status, 1, empty.stderr);
    assert.match(empty.stdout, /AWAITING +.*A012C003_market\.mov\n +.*wrote an empty transcript/);
    assert.match(empty.stdout, /1 awaiting rush: 0 transcribed, 1 still awaiting, 0 failed/);

    const done = darkroom(['transcribe', '--corpus', 'market', '--transcribe-cmd', srtCommand('Fresh figs at the market.'), '--json']);
    assert.equal(done.status, 0, done.stderr);
    assert.deepEqual((JSON.parse(done.stdout) as { transcribed: number }).transcribed, 1);
    assert.match(darkroom(['search', 'figs', '--corpus', 'market']).stdout, /A012C003_market/);
  });
});
