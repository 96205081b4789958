import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import type { SearchHit, SourceRecord } from '../../core/types.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline.ts';
import { fixtureFont, makeDocx, makeScannedPdf, makeTextImage, makeTextPdf } from '../helpers/document-fixtures.ts';
import { needs, needsFfmpeg, tempDir } from '../helpers/env.ts';

const ocrSkip = needsFfmpeg() || needs(fixtureFont, 'the DejaVu font (apt-get install fonts-dejavu-core)');

describe('every document format, through the whole pipeline', () => {
  const tmp = tempDir();
  const docs = path.join(tmp.dir, 'docs');
  let archive: Archive;
  let summary: IngestSummary;
  let sources: SourceRecord[];
  const first = async (query: string): Promise<SearchHit> => {
    const hit = (await searchArchive(archive, null, { query, corpus: 'f', limit: 3 })).hits[0];
    assert.ok(hit, `a hit for "${query}"`);
    return hit;
  };
  const source = (name: string) => sources.find((s) => path.basename(s.path) === name);

  before(async () => {
    mkdirSync(docs);
    makeTextPdf(path.join(docs, 'council.pdf'), [
      ['Minutes of the council, page one.', 'The mayor opened the session at nine.'],
      ['Page two of the minutes.', 'The council voted to rebuild the footbridge over the canal.'],
    ]);
    makeDocx(path.join(docs, 'memo.docx'), ['Memo to the crew', 'The grain barge sank near the weir in 1931.']);
    writeFileSync(path.join(docs, 'interview.srt'), '1\n00:01:00,000 --> 00:01:05,000\nAnna Berg: The tannery closed in the spring.\n\n2\n00:01:05,000 --> 00:01:09,500\nAnna Berg: Everyone moved to the coast.\n\n3\n00:01:09,500 --> 00:01:12,000\nInterviewer: Why the coast?\n');
    writeFileSync(path.join(docs, 'notes.vtt'), 'WEBVTT\nNOTE Archive reel 4, Lyon.\n\n00:00:03.000 --> 00:00:08.000\n<v Marc>Le pont a été reconstruit en 1947.\n');
    if (!ocrSkip) {
      const lines = ['The lighthouse keeper logged the storm.', 'Le gardien du phare note la tempête.'];
      makeTextImage(path.join(docs, 'photo.png'), lines);
      const jpeg = path.join(tmp.dir, 'scan.jpg');
      makeTextImage(jpeg, ['Scanned ledger of the ropewalk, 1889.'], { width: 1200, height: 180 });
      makeScannedPdf(path.join(docs, 'scan.pdf'), jpeg, { width: 1200, height: 180 });
    }
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
    summary = await ingest({ archive, corpus: 'f', inputs: [docs], embedder: null });
    sources = await archive.listSources({ corpus: 'f' });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('ingests every file without a failure', () => {
    assert.equal(summary.failed, 0, JSON.stringify(summary.results.filter((r) => r.status === 'failed')));
    assert.equal(summary.ingested, ocrSkip ? 4 : 6);
  });

  it('reads a PDF page by page and cites the page', async () => {
    assert.equal(source('council.pdf')?.kind, 'pdf');
    assert.equal(source('council.pdf')?.pages, 2);
    assert.equal((await first('rebuild the footbridge')).page, 2);
    assert.equal((await first('mayor opened the session')).page, 1);
  });

  it('reads a DOCX', async () => {
    assert.match((await first('grain barge weir')).path, /memo\.docx$/);
  });

  it('reads SRT and WebVTT cues with speakers, exact times and the NOTE as heading', async () => {
    const tannery = await first('tannery closed');
    assert.deepEqual([tannery.kind, tannery.speaker, tannery.start_s, tannery.end_s], ['transcript', 'Anna Berg', 60, 69.5]);
    const pont = await first('pont reconstruit');
    assert.deepEqual([pont.speaker, pont.start_s, pont.end_s, pont.heading, pont.language], ['Marc', 3, 8, 'Archive reel 4, Lyon.', 'fr']);
  });

  it('reads an image by OCR, English and French', { skip: ocrSkip }, async () => {
    const hit = await first('lighthouse keeper storm');
    assert.equal(hit.kind, 'image');
    assert.match(hit.text, /gardien du phare/);
  });

  it('reads a scanned PDF page (no text layer) by OCR, and says so', { skip: ocrSkip }, async () => {
    const hit = await first('ledger ropewalk');
    assert.equal(hit.page, 1);
    assert.deepEqual(JSON.parse(source('scan.pdf')?.details_json ?? '{}').ocr_pages, [1]);
  });
});
