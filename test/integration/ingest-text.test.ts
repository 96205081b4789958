import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Archive } from '../../core/store/archive.ts';
import { searchArchive } from '../../core/search/search.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { tempDir } from '../helpers/env.ts';

describe('a text file, ingested then found', () => {
  const tmp = tempDir();
  let archive: Archive;
  const docs = path.join(tmp.dir, 'docs');

  before(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(docs);
    writeFileSync(path.join(docs, 'letter_1911.txt'), 'March 3, 1911\n\nDear Mother,\n\nThe school by the river reopened after the flood. The teacher came back on Monday.\n\nYour loving son.');
    writeFileSync(path.join(docs, 'notes.md'), '# Notes\n\nThe harvest was poor this year and the barn burned in August.');
    archive = await Archive.open({ home: path.join(tmp.dir, 'home') });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('ingests both files and finds the passage with its character span', async () => {
    const summary = await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    assert.equal(summary.ingested, 2);
    assert.equal(summary.failed, 0);
    const result = await searchArchive(archive, null, { query: 'flood school', corpus: 'test' });
    assert.equal(result.semantic, false);
    assert.match(result.notes.join(' '), /semantic search is off/);
    const top = result.hits[0];
    assert.ok(top, 'a hit');
    assert.ok(top.path.endsWith('letter_1911.txt'));
    assert.match(top.text, /reopened after the flood/);
    const original = 'March 3, 1911\n\nDear Mother,\n\nThe school by the river reopened after the flood. The teacher came back on Monday.\n\nYour loving son.';
    assert.ok(top.char_start !== null && top.char_end !== null);
    assert.ok(original.slice(top.char_start, top.char_end).length > 0);
  });

  it('skips unchanged files on a second run and keeps the same passage count', async () => {
    const before = await archive.countPassages('test');
    const summary = await ingest({ archive, corpus: 'test', inputs: [docs], embedder: null });
    assert.equal(summary.skipped, 2);
    assert.equal(summary.ingested, 0);
    assert.equal(await archive.countPassages('test'), before);
  });
});
