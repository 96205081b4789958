/**
 * The demo corpus (corpora/demo): ingested into a temporary archive with no model, every file is either
 * read or plainly not supported yet, each format keeps its places (page, cue time, speaker, letter heading,
 * source timecode), and the README's example questions find their file in the top 3 by full-text search.
 * Formats whose extractor does not exist yet are reported as diagnostics, not failures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { parseSubtitles } from '../../core/subtitles/parse-subtitles.ts';
import type { PassageRecord, SourceRecord } from '../../core/types.ts';
import { extractorFor, registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline.ts';
import { needsFfmpeg, repoRoot, tempDir, testFfmpeg } from '../helpers/env.ts';

const demo = path.join(repoRoot, 'corpora', 'demo');
const archiveDir = path.join(demo, 'archive');
const rushes = path.join(archiveDir, 'rushes');
const rushA001 = path.join(rushes, 'rush_A001_jean_harbour.mp4');

/** Every file of the demo archive, as absolute paths (dot files left out, as a folder walk does). */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The README's example questions: table rows after "## Example questions", with the files they name. */
function readmeQuestions(readme: string): Array<{ question: string; files: string[] }> {
  const section = readme.split(/^## Example questions\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(?:-|question\b)/.test(line))
    .map((line) => {
      const [, question = '', where = ''] = line.split('|').map((cell) => cell.trim());
      const files = [...where.matchAll(/`([^`]+\.[a-z0-9]+)`/g)].map((m) => m[1] ?? '');
      return { question, files };
    });
}

/** Registers the media extractor (sidecar transcripts only, no model) when the registry has none yet. */
async function registerMediaIfAvailable(): Promise<string | null> {
  if (extractorFor(rushA001)) return null;
  try {
    const media = (await import('../../ingest/extract/media.ts')) as {
      createMediaExtractor?: () => Parameters<typeof registerExtractor>[1];
      mediaExtensions?: readonly string[];
    };
    if (!media.createMediaExtractor || !media.mediaExtensions) return 'ingest/extract/media.ts has no createMediaExtractor/mediaExtensions';
    registerExtractor([...media.mediaExtensions], media.createMediaExtractor());
    return null;
  } catch (err) {
    return `no media extractor yet (${(err as Error).message.split('\n')[0]})`;
  }
}

describe('the demo corpus, ingested with no model', () => {
  const tmp = tempDir('darkroom-demo-');
  const files = listFiles(archiveDir);
  let archive: Archive;
  let summary: IngestSummary;
  let sources: SourceRecord[];
  let passages: PassageRecord[];
  let mediaNote: string | null;

  const sourceOf = (name: string) => sources.find((s) => path.basename(s.path) === name);
  const passagesOf = (name: string) => passages.filter((p) => path.basename(p.source_path) === name).sort((a, b) => a.ordinal - b.ordinal);

  before(async () => {
    mediaNote = await registerMediaIfAvailable();
    archive = await Archive.open({ home: path.join(tmp.dir, 'home'), followWrites: false });
    summary = await ingest({ archive, corpus: 'demo', inputs: [archiveDir], embedder: null });
    sources = await archive.listSources({ corpus: 'demo' });
    const table = await archive.passages();
    passages = table ? ((await table.query().where("corpus = 'demo'").toArray()) as PassageRecord[]) : [];
  });
  after(() => {
    archive?.close();
    tmp.cleanup();
  });

  it('reads every file it has an extractor for, and names the ones it cannot read yet', (t) => {
    if (mediaNote) t.diagnostic(`media: ${mediaNote}`);
    const byPath = new Map(summary.results.map((r) => [r.path, r]));
    const mediaBases = new Set(files.filter((f) => f.endsWith('.mp4') && extractorFor(f)).map((f) => f.replace(/\.mp4$/, '')));
    for (const file of files) {
      const name = path.relative(demo, file);
      const result = byPath.get(file);
      if (!extractorFor(file)) {
        t.diagnostic(`not supported yet: ${name}`);
        assert.equal(result, undefined, `${name} has no extractor, so a folder walk must not pick it up`);
        continue;
      }
      const isSidecar = mediaBases.has(file.replace(/\.[a-z]+$/, ''));
      if (isSidecar && result === undefined) continue; // read with its media file
      assert.ok(result, `${name} has an extractor but was not ingested`);
      assert.equal(result.status, 'ingested', `${name}: ${result.error ?? result.status}`);
      assert.ok(result.passages > 0, `${name} gave no passage`);
    }
    assert.equal(summary.failed, 0);
    t.diagnostic(`${summary.ingested} files, ${summary.passages} passages`);
  });

  it('keeps each letter\'s place and date line as its heading', () => {
    for (const file of files.filter((f) => f.includes(`${path.sep}letters${path.sep}`))) {
      const name = path.basename(file);
      const firstLine = readFileSync(file, 'utf8').split('\n')[0]?.trim();
      assert.equal(sourceOf(name)?.kind, 'letter', name);
      const first = passagesOf(name)[0];
      assert.equal(first?.heading, firstLine, `${name}: heading`);
      assert.ok(passagesOf(name).every((p) => p.heading === firstLine), `${name}: every passage keeps the heading`);
    }
  });

  it('reads the council register PDF page by page', (t) => {
    const name = 'conseil_municipal_port-lenan_1953-1954.pdf';
    if (!extractorFor(name)) return t.skip('no PDF extractor yet');
    assert.equal(sourceOf(name)?.pages, 3);
    const ps = passagesOf(name);
    assert.ok(ps.every((p) => p.page !== null && p.page >= 1 && p.page <= 3), 'every passage has a page');
    assert.equal(ps.find((p) => p.text.includes('212 œillets'))?.page, 1);
    assert.equal(ps.find((p) => p.text.includes('fermeture de l\'école publique'))?.page, 3);
  });

  it('keeps speakers and cue times on every passage of the three interview transcripts', (t) => {
    const expected = [
      { name: 'rush_A002_jean_salt_pans.srt', speakers: ['Claire Aubert', 'Jean Morvan'], firstAnswer: 6.765 },
      { name: 'rush_A003_marie_interview.vtt', speakers: ['Claire Aubert', 'Marie Tremblay'], firstAnswer: 50537.271 },
      { name: 'rush_A004_thomas_biscuit_tin.txt', speakers: ['Claire Aubert', 'Thomas Tremblay'], firstAnswer: 9 },
    ];
    for (const { name, speakers, firstAnswer } of expected) {
      const file = path.join(rushes, name);
      if (!extractorFor(file)) {
        t.diagnostic(`no extractor yet for ${name}`);
        continue;
      }
      const cueStarts = new Set(parseSubtitles(readFileSync(file, 'utf8'), path.extname(file), file).map((c) => c.start_s.toFixed(3)));
      assert.equal(sourceOf(name)?.kind, 'transcript', name);
      const ps = passagesOf(name);
      assert.deepEqual([...new Set(ps.map((p) => p.speaker))].sort(), speakers, `${name}: speakers`);
      for (const p of ps) {
        assert.ok(p.start_s !== null && cueStarts.has(p.start_s.toFixed(3)), `${name} #${p.ordinal}: starts on a cue (${p.start_s})`);
        assert.ok(p.end_s !== null && p.end_s >= p.start_s, `${name} #${p.ordinal}: ends after it starts`);
      }
      const answer = ps.find((p) => p.speaker !== 'Claire Aubert');
      assert.equal(answer?.start_s, firstAnswer, `${name}: first answer's time`);
    }
  });

  it('reads rush A001 from its sidecar, with its source timecode', async (t) => {
    if (!extractorFor(rushA001)) return t.skip(mediaNote ?? 'no media extractor yet');
    const source = sourceOf('rush_A001_jean_harbour.mp4');
    assert.equal(source?.kind, 'media');
    assert.equal(source.transcript_method, 'sidecar');
    const media = JSON.parse(source.media_json ?? '{}') as { start_tc?: string; fps?: number; duration_s?: number };
    assert.equal(media.start_tc, '01:00:00:00');
    assert.equal(media.fps, 25);
    assert.ok(media.duration_s !== undefined && media.duration_s > 20 && media.duration_s < 40, `duration ${media.duration_s}`);
    const { hits } = await searchArchive(archive, null, { query: 'retrouvée sur les rochers de la pointe de Kervel', corpus: 'demo', limit: 20, filters: { kind: 'media' } });
    const hit = hits.find((h) => h.path === rushA001);
    assert.ok(hit, 'a hit in the rush');
    assert.equal(hit.tc_in, '01:00:01:00', 'one passage from the first cue (1.0 s), at 01:00:00:00 + 1 s');
    assert.equal(hit.speaker, 'Jean Morvan');
  });

  it("has subtitle cues of rush A001 that start where the voice starts", { skip: needsFfmpeg() }, () => {
    const cues = parseSubtitles(readFileSync(rushA001.replace(/\.mp4$/, '.srt'), 'utf8'), '.srt');
    // silencedetect logs on stderr; each silence_end is where the voice starts again.
    const probe = spawnSync(testFfmpeg(), ['-hide_banner', '-nostats', '-i', rushA001, '-vn', '-af', 'silencedetect=noise=-35dB:d=0.35', '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    const stderr = probe.stderr;
    const voiceStarts = [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
    assert.equal(cues.length, 5);
    cues.forEach((cue, i) => {
      const onset = voiceStarts[i];
      assert.ok(onset !== undefined && Math.abs(onset - cue.start_s) < 0.1, `cue ${i + 1} at ${cue.start_s} s, voice at ${onset} s`);
    });
  });

  it('is served from corpora/demo/archive, so the README and its questions stay out of the answers', async (t) => {
    let served: string | undefined;
    try {
      served = ((await import('../../bin/commands/serve.ts')) as { demoCorpusDir?: string }).demoCorpusDir;
    } catch (err) {
      return t.skip(`bin/commands/serve.ts does not load here (${(err as Error).message.split('\n')[0]})`);
    }
    if (served === undefined) return t.skip('bin/commands/serve.ts exports no demoCorpusDir');
    if (path.resolve(served) !== archiveDir) {
      t.todo(`npm start ingests ${path.relative(repoRoot, served)}, README.md included (it then tops the example questions); it should ingest corpora/demo/archive`);
    }
  });

  it("finds the README's example questions in the right file, in the top 3, with full-text search alone", async (t) => {
    const questions = readmeQuestions(readFileSync(path.join(demo, 'README.md'), 'utf8'));
    assert.ok(questions.length >= 6, `the README lists ${questions.length} example questions`);
    for (const { question, files: expected } of questions) {
      assert.ok(expected.length > 0, `"${question}" names its file in the README`);
      const readable = expected.filter((name) => extractorFor(name));
      if (readable.length === 0) {
        t.diagnostic(`not checked yet (no extractor for ${expected.join(', ')}): ${question}`);
        continue;
      }
      const { hits } = await searchArchive(archive, null, { query: question, corpus: 'demo', limit: 3 });
      const top = hits.map((h) => path.basename(h.path));
      assert.ok(top.some((name) => readable.includes(name)), `"${question}": expected one of ${readable.join(', ')} in the top 3, got ${top.join(', ')}`);
    }
  });
});
