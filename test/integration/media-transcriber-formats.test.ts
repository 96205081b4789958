/**
 * Real transcribers' own formats, read through the external-command path (a command that writes the tool's
 * documented output, from test/fixtures/transcribers/, whose headers cite the tool's source), into a real archive:
 * whisper.cpp `-ojf` token times joined into words, WhisperX's per-word speaker labels (a segment split where the
 * speaker changes), and times that go backwards or past the media clamped with a warning, or refused when a cue
 * starts after the media ends. Real LanceDB, the npm-shipped ffmpeg.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { createMediaExtractor, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { cuesFromTranscriptJson } from '../../ingest/transcribe/transcript-json.ts';
import { needsFfmpeg, repoRoot, tempDir } from '../helpers/env.ts';
import { buildToneRush } from '../helpers/media-fixtures.ts';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'transcribers');
/** A fixture's body: the file without its `//` header lines (the citation). */
const fixtureBody = (name: string) => readFileSync(path.join(fixtures, name), 'utf8').replace(/^(?:\/\/.*\n)+/, '');
const tools = resolveMediaTools();
/** One passage per cue, so that each cue's speaker and times are seen on their own passage. */
const perCue = { targetChars: 40, maxChars: 200, overlapChars: 0 };

describe('transcribers\' own JSON formats (readers, pure)', () => {
  it('joins whisper.cpp -ojf tokens into timed words, leaving out special tokens', () => {
    const cues = cuesFromTranscriptJson(fixtureBody('whisper-cpp-ojf.json'), 'out.json');
    assert.deepEqual(cues.map((c) => [c.start_s, c.end_s, c.text]), [[0, 2.4, 'The ferry left at dawn.'], [2.6, 5, 'Nobody waved from the quay.']]);
    assert.deepEqual(cues[0]?.words?.map((w) => [w.text, w.start_s, w.end_s]), [['The', 0.32, 0.48], ['ferry', 0.52, 0.9], ['left', 0.95, 1.2], ['at', 1.25, 1.38], ['dawn.', 1.4, 1.95]]);
    assert.deepEqual(cues[1]?.words?.map((w) => w.text), ['Nobody', 'waved', 'from', 'the', 'quay.']);
  });

  it('keeps WhisperX\'s per-word speakers: a segment whose words change speaker is split there; an untimed numeral keeps its text', () => {
    const cues = cuesFromTranscriptJson(fixtureBody('whisperx-diarized.json'), 'out.json');
    assert.deepEqual(cues.map((c) => [c.speaker, c.start_s, c.end_s, c.text]), [
      ['SPEAKER_00', 0.31, 1.72, 'Where were you in 1912?'],
      ['SPEAKER_01', 2.05, 3.9, 'At the mill, with my father.'],
      ['SPEAKER_00', 4.6, 5.4, 'Really?'],
    ]);
    assert.deepEqual(cues[0]?.words?.map((w) => w.text), ['Where', 'were', 'you', 'in'], 'the untimed numeral is not a timed word');
  });
});

describe('rushes transcribed by real transcribers\' formats, ingested', { skip: needsFfmpeg(), timeout: 300_000 }, () => {
  const tmp = tempDir('darkroom-formats-');
  let archive: Archive;
  let n = 0;
  /** A fresh 6 s rush transcribed by a command that writes `fixture` (as `ext`). */
  const ingestWith = async (fixture: string, ext: '.json' | '.srt') => {
    const dir = path.join(tmp.dir, `r${++n}`);
    mkdirSync(dir);
    const rush = buildToneRush(dir, `D00${n}_take.mov`, { seconds: 6, timecode: '09:00:00:00' });
    const body = path.join(tmp.dir, `body${n}${ext}`);
    writeFileSync(body, fixtureBody(fixture));
    registerExtractor([...mediaExtensions], createMediaExtractor({ tools, timeoutS: 60, command: `cat '${body}' > {outbase}${ext}` }));
    const summary = await ingest({ archive, corpus: 'formats', inputs: [rush], embedder: null, chunk: perCue });
    return { rush, summary, source: (await archive.listSources({ corpus: 'formats' })).find((s) => s.path === rush) };
  };
  before(async () => {
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('plays a whisper.cpp -ojf rush from the searched word\'s token time', async () => {
    const { rush, summary } = await ingestWith('whisper-cpp-ojf.json', '.json');
    assert.equal(summary.ingested, 1, JSON.stringify(summary.results));
    const [hit] = (await searchArchive(archive, null, { query: 'waved', corpus: 'formats' })).hits;
    assert.equal(hit?.path, rush);
    assert.deepEqual([hit?.start_s, hit?.match_s, hit?.match_tc], [2.6, 3.35, '09:00:03:08']);
  });

  it('names WhisperX\'s speakers on each passage and filters by them', async () => {
    const { rush } = await ingestWith('whisperx-diarized.json', '.json');
    const answer = (await searchArchive(archive, null, { query: 'mill father', corpus: 'formats' })).hits[0];
    assert.deepEqual([answer?.path, answer?.speaker, answer?.match_s], [rush, 'SPEAKER_01', 2.35]);
    const interjection = (await searchArchive(archive, null, { query: 'really', corpus: 'formats', filters: { speaker: 'SPEAKER_00' } })).hits[0];
    assert.deepEqual([interjection?.speaker, interjection?.start_s], ['SPEAKER_00', 4.6], 'the interviewer\'s word split from the answer it interrupted');
  });

  it('clamps times that go backwards or past the media\'s end, with a warning kept on the source', async () => {
    const { rush, summary, source } = await ingestWith('faster-whisper-bad-times.json', '.json');
    assert.equal(summary.ingested, 1, JSON.stringify(summary.results));
    const warnings = (JSON.parse(source?.details_json ?? '{}') as { time_warnings?: string[] }).time_warnings ?? [];
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /1 word started before the word before it .*times going backwards.*moved up/);
    assert.match(warnings[1] ?? '', /2 times ended after the media's end \(6\.0\d\d s\): clamped to it/);
    const duration = (JSON.parse(source?.media_json ?? '{}') as { duration_s: number }).duration_s;
    const away = (await searchArchive(archive, null, { query: 'walked away', corpus: 'formats' })).hits[0];
    assert.equal(away?.path, rush);
    assert.ok((away?.end_s ?? Infinity) <= duration, `the passage ends at ${away?.end_s}, inside the ${duration} s media`);
    const keys = (await searchArchive(archive, null, { query: 'keys', corpus: 'formats' })).hits[0];
    assert.equal(keys?.match_s, 0.92, 'the backward word is moved up to the word before it');
  });

  it('refuses a transcript whose cue starts after the media ends, naming the cue; the rush stays awaiting with the error', async () => {
    const { summary, source } = await ingestWith('wrong-clock.srt', '.srt');
    assert.equal(summary.awaiting, 1);
    assert.match(source?.error ?? '', /the transcriber's output: cue 2 \("Roger, stand by for the readback\."\) starts at 199804\.000 s, after the media ends \(6\.0\d\d s\)\. The transcript belongs to another file or another clock/);
    assert.equal(source?.state, 'awaiting_transcript');
  });
});
