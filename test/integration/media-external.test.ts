import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { resolveMediaTools } from '../../core/media/tools.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { frameRateFrom, secondsAt } from '../../core/timecode.ts';
import { createMediaExtractor, mediaExtensions, type MediaExtractorOptions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { fillCommandTemplate, transcribeExternal } from '../../ingest/transcribe/external.ts';
import { tempDir } from '../helpers/env.ts';
import { buildBrokenMedia, buildLibrivoxRush, buildTone, needsPocketsphinx, pocketsphinxCommand, type LibrivoxRush } from '../helpers/media-fixtures.ts';

const tools = resolveMediaTools();
const utterances = { targetChars: 120, maxChars: 400, overlapChars: 0 };

describe('rushes transcribed by an external command (pocketsphinx)', { skip: needsPocketsphinx() }, () => {
  const tmp = tempDir('darkroom-media-external-');
  const rushes = path.join(tmp.dir, 'rushes');
  const counter = path.join(tmp.dir, 'runs.txt');
  let archive: Archive;
  let rush: LibrivoxRush;
  const use = (options: MediaExtractorOptions) => registerExtractor([...mediaExtensions], createMediaExtractor({ tools, timeoutS: 60, ...options }));

  before(async () => {
    mkdirSync(rushes);
    rush = buildLibrivoxRush(rushes, 'A002C004_librivox.mov');
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('finds a recognised phrase within 1 s of where its sentence starts, in source timecode', async () => {
    use({ command: `echo run >> '${counter}'; ${pocketsphinxCommand}` });
    // One utterance per passage, so that a passage's tc_in is its sentence's (the default packs ~900 characters).
    const summary = await ingest({ archive, corpus: 'film', inputs: [rush.file], embedder: null, chunk: utterances });
    assert.equal(summary.failed, 0, JSON.stringify(summary.results));
    const source = (await archive.listSources({ corpus: 'film' }))[0];
    assert.equal(source?.transcript_method, 'external');
    assert.match(source?.details_json ?? '', /pocketsphinx-srt\.sh/);

    const spoken = rush.clips[2];
    assert.ok(spoken);
    const hit = (await searchArchive(archive, null, { query: 'amiable woman respectable', corpus: 'film' })).hits[0];
    assert.ok(hit, 'the phrase is found');
    assert.match(hit.text, /amiable/);
    assert.equal(hit.reel, 'A002');
    assert.ok(hit.tc_in, 'a source timecode');
    const at = secondsAt('10:00:00:00', hit.tc_in, frameRateFrom(25));
    assert.ok(Math.abs(at - spoken.start_s) < 1, `tc_in ${hit.tc_in} is ${at} s, the sentence starts at ${spoken.start_s} s`);
  });

  it('never transcribes an unchanged rush again', async () => {
    const summary = await ingest({ archive, corpus: 'film', inputs: [rush.file], embedder: null, chunk: utterances });
    assert.equal(summary.skipped, 1);
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 1);
  });

  it('fails a crashing transcriber per file, keeps the stored transcript, and goes on', async () => {
    const before = await archive.countPassages('film');
    const tone = buildTone(rushes, 'tone_ok.wav');
    use({ command: `case {input} in *) if [ -n "$(echo {media} | grep librivox)" ]; then echo 'model exploded' >&2; exit 3; fi;; esac; printf '1\\n00:00:00,000 --> 00:00:01,000\\nA steady tone for the calibration.\\n' > {output}` });
    const summary = await ingest({ archive, corpus: 'film', inputs: [rush.file, tone], embedder: null, force: true, chunk: utterances });
    assert.equal(summary.failed, 1);
    assert.equal(summary.ingested, 1);
    const failed = summary.results.find((r) => r.status === 'failed');
    assert.match(failed?.error ?? '', /the transcriber failed \(exit 3: model exploded\)/);
    assert.ok(failed?.error?.includes(rush.file));
    const hit = (await searchArchive(archive, null, { query: 'amiable woman', corpus: 'film' })).hits[0];
    assert.ok(hit, 'the earlier transcript is still found');
    assert.ok((await archive.countPassages('film')) >= before);
  });

  it('stops a transcriber that runs past the timeout, and says which setting to raise', async () => {
    const dir = path.join(tmp.dir, 'slow');
    mkdirSync(dir);
    const tone = buildTone(dir, 'tone_slow.wav');
    const started = Date.now();
    await assert.rejects(
      transcribeExternal(tone, { command: 'sleep 30; echo never > {output}', tools, timeoutS: 0.5 }),
      (err: unknown) => isDarkroomError(err, 'TRANSCRIBE_FAILED') && err.message.includes(tone) && /ran past 0.5 s.*DARKROOM_TRANSCRIBE_TIMEOUT/.test(err.message),
    );
    assert.ok(Date.now() - started < 20_000, 'the sleeping child was killed, not waited for');
  });

  it('fails garbage, empty or missing output with a clear message', async () => {
    const dir = path.join(tmp.dir, 'garbage');
    mkdirSync(dir);
    const tone = buildTone(dir, 'tone_garbage.wav');
    const cases: Array<[string, RegExp]> = [
      ['head -c 3000 /dev/urandom > {output}', /transcriber's output .*binary bytes/],
      ['printf "" > {output}', /wrote an empty transcript/],
      ['true', /wrote no transcript/],
      [`printf '{"segments": 7}' > {outbase}.json`, /unknown transcript JSON shape/],
      [`printf '{"segments": [' > {outbase}.json`, /not valid JSON/],
    ];
    for (const [command, expected] of cases) {
      await assert.rejects(
        transcribeExternal(tone, { command, tools, timeoutS: 30 }),
        (err: unknown) => isDarkroomError(err, 'TRANSCRIBE_FAILED') && err.message.includes(tone) && expected.test(err.message),
        command,
      );
    }
  });

  it('reads JSON output in the faster-whisper and whisper.cpp shapes', async () => {
    const dir = path.join(tmp.dir, 'json');
    mkdirSync(dir);
    const tone = buildTone(dir, 'tone_json.wav');
    const fw = await transcribeExternal(tone, { command: `printf '{"segments":[{"start":0.5,"end":1.0,"text":" Calibration tone."}]}' > {outdir}/audio.json`, tools, timeoutS: 30 });
    assert.deepEqual(fw.cues, [{ start_s: 0.5, end_s: 1.0, text: 'Calibration tone.' }]);
    const cpp = await transcribeExternal(tone, { command: `printf '{"transcription":[{"offsets":{"from":250,"to":900},"text":" Tone."}]}' > {outbase}.json`, tools, timeoutS: 30 });
    assert.deepEqual(cpp.cues, [{ start_s: 0.25, end_s: 0.9, text: 'Tone.' }]);
  });

  it('keeps a file whose audio codec ffmpeg cannot decode awaiting a transcript with the error, before running the transcriber', async () => {
    const dir = path.join(tmp.dir, 'codec');
    mkdirSync(dir);
    const { unknownCodec, silentVideo } = buildBrokenMedia(dir);
    const marker = path.join(dir, 'ran');
    use({ command: `touch '${marker}'; ${pocketsphinxCommand}` });
    const summary = await ingest({ archive, corpus: 'film', inputs: [unknownCodec, silentVideo], embedder: null, chunk: utterances });
    assert.equal(summary.awaiting, 2);
    assert.equal(summary.failed, 0);
    const [codec, silent] = [unknownCodec, silentVideo].map((f) => summary.results.find((r) => r.path === f)?.error ?? '');
    assert.match(codec ?? '', /ffmpeg cannot decode its audio/);
    assert.match(silent ?? '', /has no audio stream: there is nothing to transcribe/);
    writeFileSync(path.join(dir, 'check'), '');
    assert.throws(() => readFileSync(marker), 'the transcriber never ran');
  });
});

describe('choosing between a sidecar and the transcriber', () => {
  const tmp = tempDir('darkroom-media-choice-');
  after(() => tmp.cleanup());
  const command = `printf '1\\n00:00:00,200 --> 00:00:00,900\\nFrom the transcriber.\\n' > {output}`;

  it('reads the sidecar by default, and transcribes when told to prefer transcription', async () => {
    const tone = buildTone(tmp.dir, 'C001_tone.wav');
    writeFileSync(path.join(tmp.dir, 'C001_tone.srt'), '1\n00:00:00,100 --> 00:00:00,800\nFrom the sidecar.\n');
    const byDefault = await createMediaExtractor({ tools, command })(tone, {});
    assert.equal(byDefault.transcript_method, 'sidecar');
    assert.equal(byDefault.segments[0]?.text, 'From the sidecar.');
    const transcribed = await createMediaExtractor({ tools, command, prefer: 'transcribe' })(tone, {});
    assert.equal(transcribed.transcript_method, 'external');
    assert.deepEqual(transcribed.segments, [{ text: 'From the transcriber.', start_s: 0.2, end_s: 0.9 }]);
    const nothingToTranscribeWith = await createMediaExtractor({ tools, prefer: 'transcribe' })(tone, {});
    assert.equal(nothingToTranscribeWith.transcript_method, 'sidecar');
  });
});

describe('external command templates', () => {
  it('quotes every substituted path for the shell and leaves unknown placeholders alone', () => {
    const cmd = fillCommandTemplate('whisper-cli -f {input} -osrt -of {outbase} -l {lang} {unknown}', {
      input: "/tmp/it's here/audio.wav",
      outbase: '/tmp/out/transcript',
      lang: 'fr',
    });
    assert.equal(cmd, `whisper-cli -f '/tmp/it'\\''s here/audio.wav' -osrt -of '/tmp/out/transcript' -l 'fr' {unknown}`);
  });
});
