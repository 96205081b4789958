/**
 * The shared sample archive (../shared/corpora/archive-sample) ingested whole, minus its recordings (those
 * need a transcriber: see the media tests). Checked against independent readings of the same files:
 * poppler's pdftotext for PDF pages, the subtitle parser for cue times.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { parseSubtitles } from '../../core/subtitles/parse-subtitles.ts';
import type { SearchHit } from '../../core/types.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline.ts';
import { needs, needsCommand, sampleCorpus, tempDir } from '../helpers/env.ts';

const skip = needs(sampleCorpus, 'the sample archive') || needsCommand('pdftotext', 'apt-get install poppler-utils');
const folders = ['letters', 'letters_fr', 'pdf', 'transcripts'].map((f) => path.join(sampleCorpus, f));

/** Lower-case words of letters and digits, accents kept: a reading of text that ignores layout. */
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('the sample archive, ingested whole', { skip }, () => {
  const tmp = tempDir();
  let archive: Archive;
  let summary: IngestSummary;
  let rows: Array<Record<string, unknown>>;
  const first = async (query: string): Promise<SearchHit> => {
    const hit = (await searchArchive(archive, null, { query, corpus: 'sample', limit: 5 })).hits[0];
    assert.ok(hit, `a hit for "${query}"`);
    return hit;
  };

  before(async () => {
    archive = await Archive.open({ home: tmp.dir });
    summary = await ingest({ archive, corpus: 'sample', inputs: folders, embedder: null });
    rows = (await (await archive.passages())!.query().toArray()) as Array<Record<string, unknown>>;
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('ingests every document and transcript without a failure', () => {
    assert.equal(summary.failed, 0, JSON.stringify(summary.results.filter((r) => r.status === 'failed')));
    assert.equal(summary.ingested, 25);
    const kinds = new Map<string, number>();
    for (const r of rows) kinds.set(String(r.kind), (kinds.get(String(r.kind)) ?? 0) + 1);
    assert.deepEqual([...kinds.keys()].sort(), ['letter', 'pdf', 'transcript'], 'letters_fr/ counts as letters by its folder name');
  });

  it('puts every PDF passage on the page where pdftotext reads its words', () => {
    const byFile = new Map<string, string[][]>();
    let checked = 0;
    let found = 0;
    for (const r of rows.filter((x) => x.kind === 'pdf')) {
      const file = String(r.source_path);
      if (!byFile.has(file)) {
        const pages = Number(execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)?.[1]);
        byFile.set(file, Array.from({ length: pages }, (_, i) => words(execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }))));
      }
      const w = words(String(r.text));
      if (w.length < 12) continue;
      const window = w.slice(Math.floor(w.length / 2) - 4, Math.floor(w.length / 2) + 4).join(' ');
      const onPages = byFile.get(file)!.flatMap((p, i) => (` ${p.join(' ')} `.includes(` ${window} `) ? [i + 1] : []));
      checked++;
      if (onPages.length === 0) continue;
      found++;
      assert.ok(onPages.includes(Number(r.page)), `${path.basename(file)} passage ${String(r.ordinal)} says page ${String(r.page)}, its words are on page(s) ${onPages.join(', ')}`);
    }
    assert.ok(checked > 100 && found / checked > 0.9, `${found} of ${checked} passages located by pdftotext`);
  });

  it('gives every transcript passage exact cue times within its source\'s span', () => {
    const cueFiles = new Map<string, { starts: Set<number>; ends: Set<number>; first: number; last: number }>();
    for (const r of rows.filter((x) => x.kind === 'transcript')) {
      const file = String(r.source_path);
      if (!cueFiles.has(file)) {
        const cues = parseSubtitles(readFileSync(file, 'utf8'), path.extname(file), file);
        cueFiles.set(file, { starts: new Set(cues.map((c) => c.start_s)), ends: new Set(cues.map((c) => c.end_s)), first: cues[0]!.start_s, last: Math.max(...cues.map((c) => c.end_s)) });
      }
      const span = cueFiles.get(file)!;
      const start = Number(r.start_s);
      const end = Number(r.end_s);
      assert.ok(span.first <= start && start <= end && end <= span.last, `${path.basename(file)} ${start}-${end} outside ${span.first}-${span.last}`);
      assert.ok(span.starts.has(start) && span.ends.has(end), `${path.basename(file)} passage ${String(r.ordinal)}: ${start}-${end} are cue boundaries`);
      assert.ok(r.speaker, 'every interview passage has a speaker');
    }
    assert.equal(cueFiles.size, 7);
    const poole = rows.filter((r) => String(r.source_path).endsWith('poole_interview_2024-11-09.txt'));
    assert.ok(poole.length > 0 && poole.every((r) => r.heading === 'Interview with Carol Poole (2024-11-09)'), 'the title line above the timestamps is the heading');
  });

  it('finds transcript answers with their speaker and time', async () => {
    // forney_interview_2015-10-01.srt, cue 5 (00:00:54 -> 00:01:04): "I had 28 tumors on my voice box".
    const forney = await first('28 tumors on my voice box');
    assert.ok(forney.path.endsWith('forney_interview_2015-10-01.srt'));
    assert.equal(forney.speaker, 'Charles Forney');
    assert.ok(forney.start_s! <= 54 && forney.end_s! >= 64);
    // rutherford_interview_2015-08-23.vtt, cue 4 (00:00:38 -> 00:01:05): MacAlpine School in Glen Alpine.
    const rutherford = await first('MacAlpine School outside toilet');
    assert.ok(rutherford.path.endsWith('rutherford_interview_2015-08-23.vtt'));
    assert.equal(rutherford.speaker, 'Lucille Rutherford');
    assert.ok(rutherford.start_s! <= 38 && rutherford.end_s! >= 65);
    // apollo13 VTT cue 55 (55:51:38 -> 55:51:54, mission time): "minus 2 degrees on the docking index".
    const apollo = await first('docking index minus 2 degrees');
    assert.ok(apollo.path.endsWith('.vtt') && apollo.path.includes('apollo13'));
    assert.equal(apollo.speaker, 'CC');
    assert.ok(apollo.start_s! <= 201098 && apollo.end_s! >= 201114);
  });

  it('finds PDF answers on their page, and letters with their date heading', async () => {
    // stewart_letters_XIII-XVIII_1911-1913.pdf page 2: the Pattersons' baby "Robert Lane" (letter XIV).
    const stewart = await first('Patterson ranch dear little boy Robert Lane');
    assert.ok(stewart.path.endsWith('stewart_letters_XIII-XVIII_1911-1913.pdf'));
    assert.equal(stewart.page, 2);
    assert.match(stewart.heading ?? '', /LETTER XIV\. THE NEW HOUSE · December 1, 1911/);
    // achard_rosalie_de_constant_1901_extrait.pdf page 1: "chevaliers de St-Jean de Jérusalem".
    const achard = await first('chevaliers de St-Jean de Jérusalem');
    assert.ok(achard.path.endsWith('achard_rosalie_de_constant_1901_extrait.pdf'));
    assert.equal(achard.page, 1);
    assert.equal(achard.language, 'fr');
    // letters/stewart_homesteader/letter_01_1909-04-18.txt: "Babes in the Wood", dated April 18, 1909 at Burnt Fork.
    const letter = await first('lost like the Babes in the Wood');
    assert.ok(letter.path.endsWith('letter_01_1909-04-18.txt'));
    assert.equal(letter.kind, 'letter');
    assert.match(letter.heading ?? '', /BURNT FORK, WYOMING · April 18, 1909/);
  });

  it('stores French for the French texts and English for the English ones', () => {
    const share = (prefix: string, lang: string) => {
      const of = rows.filter((r) => String(r.source_path).includes(prefix));
      return of.filter((r) => r.language === lang).length / of.length;
    };
    assert.ok(share('letters_fr/', 'fr') > 0.95, 'Cousin 1856');
    assert.ok(share('conan_elisabeth_seton', 'fr') > 0.9, 'Conan 1903');
    assert.ok(share('stewart_homesteader/', 'en') > 0.95, 'Stewart letters');
    assert.ok(share('rutherford_interview', 'en') > 0.8, 'Rutherford interview (short turns may stay undetermined)');
  });
});
