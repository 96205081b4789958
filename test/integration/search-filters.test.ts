import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { isDarkroomError } from '../../core/errors.ts';
import { searchArchive } from '../../core/search/search.ts';
import { Archive } from '../../core/store/archive.ts';
import type { SearchHit, SourceKind, SourceRecord } from '../../core/types.ts';
import type { Chunk } from '../../ingest/chunk/chunk.ts';
import { buildPassages, mainLanguage, sourceIdFor } from '../../ingest/passages.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const chunk = (text: string, extra: Partial<Chunk> = {}): Chunk => ({ text, page: null, char_start: 0, char_end: text.length, start_s: null, end_s: null, speaker: null, heading: null, ...extra });

/** A small archive written through the same passage builder ingestion uses: a letter, a French text, an interview. */
async function writeSources(archive: Archive): Promise<void> {
  const files: Array<{ file: string; kind: SourceKind; title: string; chunks: Chunk[] }> = [
    {
      file: '/archive/letters/letter_1911.txt',
      kind: 'letter',
      title: 'Letter to Mrs Coney, 1911',
      chunks: [chunk('The river flooded the school in March and the teacher rowed the children home.', { heading: 'March 3, 1911' })],
    },
    {
      file: '/archive/fr/crue.txt',
      kind: 'document',
      title: 'La crue de la rivière',
      chunks: [chunk("La rivière a inondé l'école au mois de mars ; les enfants sont rentrés en barque avec l'institutrice.")],
    },
    {
      file: '/archive/interviews/forney.srt',
      kind: 'transcript',
      title: 'Interview with Charles Forney',
      chunks: [
        chunk('When the river flooded we walked two miles to school because there was no bus.', { speaker: 'Charles Forney', start_s: 54, end_s: 64 }),
        chunk('Tell us about the flood and the school bus.', { speaker: 'Claude Sitton', start_s: 64, end_s: 70 }),
      ],
    },
  ];
  const items = files.map(({ file, kind, title, chunks }) => {
    const id = sourceIdFor('filters', file);
    const passages = buildPassages({ id, corpus: 'filters', path: file, hash: 'h-' + id, kind, title }, chunks);
    const source: SourceRecord = {
      id, corpus: 'filters', path: file, hash: 'h-' + id, kind, title, state: 'ingested', error: null, bytes: 100, passages: passages.length,
      pages: null, duration_s: null, language: mainLanguage(passages), media_json: null, transcript_method: null, details_json: null, ingested_at: new Date().toISOString(),
    };
    return { source, passages };
  });
  await archive.writeBatch(items, null);
  await archive.ensureIndexes();
}

describe('search filters and query text', () => {
  const tmp = tempDir();
  const home = path.join(tmp.dir, 'home');
  let archive: Archive;

  before(async () => {
    archive = await Archive.open({ home, followWrites: false });
    await writeSources(archive);
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  const search = (query: string, filters: Parameters<typeof searchArchive>[2]['filters'] = {}) => searchArchive(archive, null, { query, corpus: 'filters', filters });
  const paths = (hits: SearchHit[]) => [...new Set(hits.map((h) => path.basename(h.path)))].sort();

  it('searches the English and the French index with one query', async () => {
    const { hits } = await search('flooded school inondé école');
    assert.deepEqual(paths(hits), ['crue.txt', 'forney.srt', 'letter_1911.txt']);
  });

  it('keeps only the kind asked for', async () => {
    const { hits } = await search('river flooded school', { kind: 'transcript' });
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.kind === 'transcript'));
  });

  it('keeps only one source, by path or by id', async () => {
    const byPath = await search('school', { source: '/archive/letters/letter_1911.txt' });
    assert.deepEqual(paths(byPath.hits), ['letter_1911.txt']);
    const id = byPath.hits[0]?.source_id ?? '';
    const byId = await search('school', { source: id });
    assert.deepEqual(paths(byId.hits), ['letter_1911.txt']);
  });

  it('keeps only the speaker asked for, with cue times', async () => {
    const { hits } = await search('flood school bus', { speaker: 'Charles Forney' });
    assert.equal(hits.length, 1);
    assert.equal(hits[0]?.speaker, 'Charles Forney');
    assert.equal(hits[0]?.start_s, 54);
    assert.equal(hits[0]?.end_s, 64);
  });

  it('keeps only the language asked for', async () => {
    const fr = await search('rivière école inondé', { language: 'fr' });
    assert.deepEqual(paths(fr.hits), ['crue.txt']);
    assert.ok(fr.hits.every((h) => h.language === 'fr'));
    const en = await search('river school', { language: 'en' });
    assert.ok(en.hits.length > 0 && en.hits.every((h) => h.language === 'en'));
  });

  it('matches French words typed without their accents', async () => {
    const { hits } = await search('riviere ecole inonde');
    assert.ok(paths(hits).includes('crue.txt'), paths(hits).join());
  });

  it('finds a source by words of its title and a letter by its date heading', async () => {
    assert.deepEqual(paths((await search('Mrs Coney')).hits), ['letter_1911.txt']);
    // The French text's "mars" matches too, through the dictionary; the letter with the date ranks first.
    assert.equal(path.basename((await search('March 3, 1911')).hits[0]?.path ?? ''), 'letter_1911.txt');
  });

  it('treats a filter value with quotes as a value, not as SQL', async () => {
    const { hits } = await search('school', { speaker: "O'Brien' OR '1'='1" });
    assert.equal(hits.length, 0);
  });

  const hostile = [
    '"river',
    'river"',
    'speaker:Forney school',
    'title:"flood" AND text:school',
    'river AND OR NOT school',
    '+river -school ~flood^2 *',
    'flood? (school) [bus] {teacher} <b>',
    'school\\ / | & ! @ # $ % = ;',
    '🌊 flood 🏫 school 👩‍🏫',
    "l'école d’été — « crue »",
    'ЖЖЖ 洪水 学校 river',
    'river '.repeat(333).trim(),
  ];
  for (const query of hostile) {
    it(`never breaks the full-text parser: ${JSON.stringify(query.slice(0, 40))}`, async () => {
      const result = await search(query);
      assert.ok(Array.isArray(result.hits));
    });
  }

  it('finds the passage when the query carries operators around real words', async () => {
    const { hits } = await search('title:"flood" AND (river) -school');
    assert.ok(hits.length > 0);
  });

  it('answers a query with no word in it with no hits and a note', async () => {
    const result = await search('?!* :: ""');
    assert.equal(result.hits.length, 0);
    assert.match(result.notes.join(' '), /no word/);
  });

  it('refuses an empty query and one over 2000 characters, saying what to do', async () => {
    await assert.rejects(search('   '), (err) => isDarkroomError(err, 'INPUT_INVALID'));
    await assert.rejects(search('a'.repeat(2001)), (err) => isDarkroomError(err, 'INPUT_INVALID') && /2000/.test(err.message));
  });

  it('refuses a bad hit count, an unknown kind, semantic mode without a model and an unknown corpus, naming the fix', async () => {
    for (const limit of [0, 1.5, Number.NaN, 201]) {
      await assert.rejects(searchArchive(archive, null, { query: 'river', limit }), (err) => isDarkroomError(err, 'INPUT_INVALID') && /1 to 200/.test(err.message));
    }
    await assert.rejects(search('river', { kind: 'bogus' as SearchHit['kind'] }), (err) => isDarkroomError(err, 'INPUT_INVALID') && /letter, document, pdf/.test(err.message));
    await assert.rejects(searchArchive(archive, null, { query: 'river', mode: 'semantic' }), (err) => isDarkroomError(err, 'INPUT_INVALID') && /DARKROOM_EMBED_MODEL/.test(err.message));
    await assert.rejects(searchArchive(archive, null, { query: 'river', corpus: 'nope' }), (err) => isDarkroomError(err, 'CORPUS_UNKNOWN') && /darkroom ingest/.test(err.message));
    const cli = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'search', 'river', '--home', home, '--limit', 'abc'], { env: { ...process.env, LANCEDB_LOG: 'error' } }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /--limit abc: give a whole number of hits from 1 to 200/);
  });

  it('prints stable JSON fields and says that semantic search is off (CLI)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'search', 'river flooded', '--home', home, '--corpus', 'filters', '--json'], {
      env: { ...process.env, DARKROOM_EMBED_MODEL: '', LANCEDB_LOG: 'error' },
    });
    const out = JSON.parse(stdout) as { semantic: boolean; notes: string[]; hits: SearchHit[] };
    assert.equal(out.semantic, false);
    assert.match(out.notes.join(' '), /semantic search is off/);
    const fields = ['id', 'corpus', 'source_id', 'path', 'kind', 'title', 'page', 'char_start', 'char_end', 'start_s', 'end_s', 'tc_in', 'tc_out', 'match_s', 'match_tc', 'cues', 'fps', 'reel', 'speaker', 'language', 'heading', 'text', 'score', 'why'];
    assert.deepEqual(Object.keys(out.hits[0] ?? {}).sort(), [...fields].sort());
    assert.deepEqual(Object.keys(out.hits[0]?.why ?? {}).sort(), ['bm25_rank', 'bm25_score', 'translation_rank', 'vector_distance', 'vector_rank']);
  });
});
