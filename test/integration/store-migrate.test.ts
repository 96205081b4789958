/**
 * An archive written before a passages column existed keeps working: opening it adds the column (empty),
 * its passages are still found (their new fields read as null), and new ingests fill the column.
 * Real LanceDB in a temporary folder.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { Schema } from 'apache-arrow';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import { addedPassageFields, PASSAGES, passagesSchema, SOURCES, sourcesSchema } from '../../core/store/schema.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const added = addedPassageFields().map((f) => f.name);

/** Writes an archive as the first release did: no added column, one timed passage and its source. */
async function writeOldArchive(home: string): Promise<void> {
  const db = await lancedb.connect(path.join(home, 'lance'));
  const old = new Schema(passagesSchema(null).fields.filter((f) => !added.includes(f.name)));
  const passages = await db.createEmptyTable(PASSAGES, old);
  await passages.add([
    {
      id: 'old0000000000000000000000:0', corpus: 'film', source_id: 'old0000000000000000000000', source_path: '/rushes/old.srt', source_hash: 'h', kind: 'transcript',
      title: 'old interview', ordinal: 0, page: null, char_start: null, char_end: null, start_s: 12.5, end_s: 20, speaker: 'Marie', language: 'en', heading: null,
      text: 'The lighthouse keeper rowed out every night.', fts_en: 'old interview\nMarie:\nThe lighthouse keeper rowed out every night.', fts_fr: '',
    },
  ]);
  const sources = await db.createEmptyTable(SOURCES, sourcesSchema());
  await sources.add([
    {
      id: 'old0000000000000000000000', corpus: 'film', path: '/rushes/old.srt', hash: 'h', kind: 'transcript', title: 'old interview', state: 'ingested', error: null,
      bytes: 10n, passages: 1, pages: null, duration_s: 7.5, language: 'en', media_json: null, transcript_method: null, details_json: null, ingested_at: '2026-11-01T00:00:00.000Z',
    },
  ]);
  db.close();
}

describe('an archive from before the passages columns were added', () => {
  const tmp = tempDir('darkroom-migrate-');
  const home = path.join(tmp.dir, 'home');
  after(() => tmp.cleanup());

  it('gets the new columns when opened, and its passages are still found', async () => {
    await writeOldArchive(home);
    const archive = await Archive.open({ home });
    try {
      const hit = (await searchArchive(archive, null, { query: 'lighthouse keeper', corpus: 'film' })).hits[0];
      assert.equal(hit?.id, 'old0000000000000000000000:0');
      assert.equal(hit.cues, null, 'no cue times for a passage ingested before they were kept');
      assert.equal(hit.match_s, 12.5, 'it plays from its start, as before');
      const fields = (await (await archive.passages())?.schema())?.fields.map((f) => f.name) ?? [];
      for (const name of added) assert.ok(fields.includes(name), `column ${name} added`);
    } finally {
      archive.close();
    }
  });

  it('keeps cue times of what is ingested after the upgrade, next to the old passages', async () => {
    const archive = await Archive.open({ home });
    try {
      const srt = path.join(repoRoot, 'corpora', 'demo', 'archive', 'rushes', 'rush_A002_jean_salt_pans.srt');
      const summary = await ingest({ archive, corpus: 'film', inputs: [srt], embedder: null });
      assert.equal(summary.failed, 0, JSON.stringify(summary.results));
      const hit = (await searchArchive(archive, null, { query: 'fleur de sel', corpus: 'film' })).hits[0];
      assert.ok(hit?.cues && hit.cues.length > 1, 'the new passage keeps its cues');
      assert.equal(hit.match_s, 43.216, 'and plays from the cue that holds the words');
      assert.equal((await searchArchive(archive, null, { query: 'lighthouse', corpus: 'film' })).hits[0]?.id, 'old0000000000000000000000:0');
    } finally {
      archive.close();
    }
  });
});
