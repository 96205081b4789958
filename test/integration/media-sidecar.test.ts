import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { parseTimecode, frameRateFrom } from '../../core/timecode.ts';
import { createMediaExtractor, isSidecarOf, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { findSidecar } from '../../ingest/transcribe/sidecar.ts';
import { ingest, type IngestEvent } from '../../ingest/pipeline.ts';
import { needs, sampleCorpus, tempDir } from '../helpers/env.ts';
import { buildBrokenMedia, buildSpokenClip, copySampleRushWithSidecar, needsEspeak } from '../helpers/media-fixtures.ts';

const sampleRush = path.join(sampleCorpus, 'audio', 'rush_A001_stewart_letter_1913.mp4');

describe('rushes with sidecar transcripts, ingested then found by timecode', () => {
  const tmp = tempDir('darkroom-media-sidecar-');
  const rushes = path.join(tmp.dir, 'rushes');
  let archive: Archive;
  before(async () => {
    mkdirSync(rushes);
    registerExtractor([...mediaExtensions], createMediaExtractor({ prefer: 'sidecar' }));
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('keeps the exact cue times of the sample rush and gives 25 fps source timecode on reel A001', { skip: needs(sampleRush, 'the shared sample archive rush') }, async () => {
    const { file, segments } = copySampleRushWithSidecar(sampleCorpus, rushes);
    const events: IngestEvent[] = [];
    const summary = await ingest({ archive, corpus: 'rushes', inputs: [file], embedder: null, onEvent: (e) => events.push(e) });
    assert.equal(summary.failed, 0, JSON.stringify(summary.results));
    const source = (await archive.listSources({ corpus: 'rushes' })).find((s) => s.path === file);
    assert.equal(source?.transcript_method, 'sidecar');
    assert.equal(source?.kind, 'media');
    assert.equal(JSON.parse(source?.media_json ?? '{}').start_tc, '10:00:00:00');
    assert.ok(events.some((e) => e.type === 'file-progress' && e.fraction === 1 && /sidecar/.test(e.note ?? '')), 'a final progress note');

    const potatoes = segments.find((s) => s.text.includes('potatoes'));
    assert.ok(potatoes);
    const hit = (await searchArchive(archive, null, { query: 'Jerrine potatoes', corpus: 'rushes' })).hits[0];
    assert.ok(hit, 'a hit');
    assert.equal(hit.kind, 'media');
    assert.equal(hit.reel, 'A001');
    assert.equal(hit.fps, 25);
    assert.ok(hit.start_s !== null && hit.start_s <= potatoes.start_s && hit.end_s !== null && hit.end_s >= potatoes.end_s);
    const rate = frameRateFrom(25);
    assert.equal(parseTimecode(hit.tc_in ?? '', rate), parseTimecode('10:00:00:00', rate) + Math.floor(hit.start_s * 25 + 1e-6));
    assert.match(hit.tc_in ?? '', /^10:00:\d\d:\d\d$/);
  });

  it('gives 29.97 drop-frame timecode from a .mov starting at 01:00:00;00 with a hand-made .srt', { skip: needsEspeak() }, async () => {
    const clip = buildSpokenClip(rushes);
    const summary = await ingest({ archive, corpus: 'rushes', inputs: [clip.file], embedder: null });
    assert.equal(summary.failed, 0, JSON.stringify(summary.results));
    const hit = (await searchArchive(archive, null, { query: 'ledger tin box', corpus: 'rushes' })).hits[0];
    assert.ok(hit);
    assert.equal(hit.start_s, 6.0);
    assert.equal(hit.end_s, 9.0);
    assert.equal(hit.speaker, 'Ruth Miller');
    assert.equal(hit.fps, 29.97);
    assert.equal(hit.reel, 'B002');
    assert.equal(hit.tc_in, '01:00:05;29');
    assert.equal(hit.tc_out, '01:00:08;29');
  });

  it('counts a sidecar as part of its media file, not as a transcript of its own', { skip: needsEspeak() }, () => {
    assert.equal(isSidecarOf(path.join(rushes, 'interview_B002.srt')), true);
    assert.equal(isSidecarOf(path.join(rushes, 'interview_B002.mov')), false);
    assert.equal(isSidecarOf(path.join(rushes, 'lonely.srt')), false);
  });

  it('never reads an unchanged rush again', { skip: needs(sampleRush, 'the shared sample archive rush') }, async () => {
    const before = await archive.countPassages('rushes');
    const summary = await ingest({ archive, corpus: 'rushes', inputs: [path.join(rushes, path.basename(sampleRush))], embedder: null });
    assert.equal(summary.skipped, 1);
    assert.equal(summary.ingested, 0);
    assert.equal(await archive.countPassages('rushes'), before);
  });

  it('reads an unchanged rush again when its sidecar transcript was edited', { skip: needs(sampleRush, 'the shared sample archive rush') }, async () => {
    const rush = path.join(rushes, path.basename(sampleRush));
    const sidecar = findSidecar(rush);
    assert.ok(sidecar, 'the sample rush has its sidecar');
    const original = readFileSync(sidecar, 'utf8');
    writeFileSync(sidecar, original.replace(/potatoes/g, 'turnips'));
    try {
      const summary = await ingest({ archive, corpus: 'rushes', inputs: [rush], embedder: null });
      assert.equal(summary.ingested, 1, JSON.stringify(summary.results));
      assert.ok((await searchArchive(archive, null, { query: 'Jerrine turnips', corpus: 'rushes' })).hits.some((h) => h.path === rush));
      assert.equal((await searchArchive(archive, null, { query: 'potatoes', corpus: 'rushes' })).hits.filter((h) => h.path === rush).length, 0);
    } finally {
      writeFileSync(sidecar, original);
      await ingest({ archive, corpus: 'rushes', inputs: [rush], embedder: null });
    }
  });

  it('fails each unreadable file alone with a clear message, keeps readable ones without a transcript awaiting one, and keeps what was stored', async () => {
    const bad = path.join(tmp.dir, 'bad');
    mkdirSync(bad);
    const broken = buildBrokenMedia(bad);
    const before = await archive.countPassages('rushes');
    const summary = await ingest({ archive, corpus: 'rushes', inputs: Object.values(broken), embedder: null });
    assert.equal(summary.failed, 2);
    const byFile = new Map(summary.results.filter((r) => r.status === 'failed').map((r) => [r.path, r.error ?? '']));
    assert.match(byFile.get(broken.empty) ?? '', /empty \(0 bytes\)/);
    assert.match(byFile.get(broken.corrupt) ?? '', /ffprobe cannot read this file/);
    for (const [file, error] of byFile) assert.ok(error.includes(file), `${error} names ${file}`);
    // Probed, but nothing to read words from and no transcriber: kept, one metadata passage each.
    assert.equal(summary.awaiting, 2);
    const sources = await archive.listSources({ corpus: 'rushes' });
    for (const file of [broken.silentVideo, broken.unknownCodec]) {
      const source = sources.find((s) => s.path === file);
      assert.equal(source?.state, 'awaiting_transcript', file);
      assert.match(JSON.parse(source?.details_json ?? '{}').awaiting ?? '', /no transcript/);
    }
    assert.match(JSON.parse(sources.find((s) => s.path === broken.silentVideo)?.details_json ?? '{}').awaiting ?? '', /no audio stream to transcribe.*no_audio_clip\.srt/);
    assert.equal(await archive.countPassages('rushes'), before + 2);
  });
});
