import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Archive } from '../../core/store/archive.ts';
import { parseVtt } from '../../core/subtitles/parse-subtitles.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { openSelectStore } from '../../server/selects/select-store.ts';
import { createSelectsService, type SelectsService } from '../../server/selects/selects-service.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const run = promisify(execFile);

const annSrt = '1\n00:00:01,000 --> 00:00:04,000\nAnn Lee: The river rose in the night.\n';
const bobSrt = '1\n00:00:05,000 --> 00:00:09,500\nBob Ray: We carried the ledgers to the attic.\n';

describe('select lists: timed transcripts, a letter, two corpora, two processes', () => {
  const tmp = tempDir('darkroom-selects-');
  const home = path.join(tmp.dir, 'home');
  let archive: Archive;
  let selects: SelectsService;
  const ids: Record<string, string> = {};

  before(async () => {
    const docs = path.join(tmp.dir, 'docs');
    const other = path.join(tmp.dir, 'other');
    mkdirSync(docs);
    mkdirSync(other);
    writeFileSync(path.join(docs, 'interview_ann.srt'), annSrt);
    writeFileSync(path.join(docs, 'interview_bob.srt'), bobSrt);
    writeFileSync(path.join(docs, 'letter_1911.txt'), 'March 3, 1911\n\nDear Mother,\n\nThe ledgers are safe in the attic.\n\nThomas.');
    writeFileSync(path.join(other, 'notes.srt'), '1\n00:00:00,000 --> 00:00:02,000\nA line from another film.\n');
    archive = await Archive.open({ home });
    await ingest({ archive, corpus: 'film', inputs: [docs], embedder: null });
    await ingest({ archive, corpus: 'other', inputs: [other], embedder: null });
    const table = await archive.passages();
    const rows = (await table?.query().select(['id', 'source_path', 'start_s']).toArray()) as Array<{ id: string; source_path: string; start_s: number | null }>;
    for (const r of rows) ids[`${path.basename(r.source_path)}@${r.start_s ?? 'none'}`] = r.id;
    selects = createSelectsService({ archive, store: await openSelectStore(home) });
  });
  after(() => {
    archive.close();
    tmp.cleanup();
  });

  it('keeps every add when many arrive at once', async () => {
    const river = ids['interview_ann.srt@1'];
    const ledgers = ids['interview_bob.srt@5'];
    assert.ok(river && ledgers, JSON.stringify(ids));
    await Promise.all([selects.add('film', { passage_id: river }), selects.add('film', { passage_id: ledgers, handle_after_s: 2 }), selects.add('film', { passage_id: river, handle_before_s: 1 })]);
    const list = await selects.list('film');
    const rows = list.map((s) => [s.passage_id, s.handle_before_s, s.handle_after_s]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    assert.deepEqual(rows, [[river, 0, 0], [river, 1, 0], [ledgers, 0, 2]].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    assert.equal(list.find((s) => s.passage_id === ledgers)?.speaker, 'Bob Ray');
    await selects.reorder('film', { ids: [...list].sort((a, b) => a.handle_before_s - b.handle_before_s || a.start_s - b.start_s).map((s) => s.id) });
  });

  it('shares the list with another process: a second store on the same file sees and edits it', async () => {
    const cli = await openSelectStore(home);
    const seen = await cli.list('film');
    assert.equal(seen.length, 3);
    await cli.update('film', seen[0]?.id ?? '', { note: 'opening line' });
    assert.equal((await selects.list('film'))[0]?.note, 'opening line');
  });

  it('reorders only with every id exactly once, and removes by id', async () => {
    const list = await selects.list('film');
    const [a, b, c] = list.map((s) => s.id) as [string, string, string];
    await assert.rejects(selects.reorder('film', { ids: [a, b] }), { code: 'INPUT_INVALID', message: /each of its 3 select ids exactly once/ });
    await assert.rejects(selects.reorder('film', { ids: [a, a, b] }), { code: 'INPUT_INVALID' });
    assert.deepEqual((await selects.reorder('film', { ids: [c, a, b] })).map((s) => s.id), [c, a, b]);
    assert.deepEqual((await selects.remove('film', a)).map((s) => s.id), [c, b]);
    await assert.rejects(selects.remove('film', a), { code: 'NOT_FOUND', message: /darkroom selects list --corpus film/ });
  });

  it('refuses untimed passages, passages of another corpus, unknown ids and spans past the end', async () => {
    const letter = ids['letter_1911.txt@none'];
    const foreign = ids['notes.srt@0'];
    assert.ok(letter && foreign);
    await assert.rejects(selects.add('film', { passage_id: letter }), { code: 'INPUT_INVALID', message: /has no timecode/ });
    await assert.rejects(selects.add('film', { passage_id: foreign }), { code: 'INPUT_INVALID', message: /belongs to corpus "other"/ });
    await assert.rejects(selects.add('film', { passage_id: 'nope:1' }), { code: 'NOT_FOUND', message: /search hit or a citation/ });
    await assert.rejects(selects.add('film', { passage_id: ids['interview_ann.srt@1'] ?? '', start_s: 3 }), { code: 'INPUT_INVALID', message: /both start_s and end_s/ });
    await assert.rejects(selects.add('film', { passage_id: ids['interview_ann.srt@1'] ?? '', handle_before_s: -1 }), { code: 'INPUT_INVALID', message: /handle_before_s/ });
    await assert.rejects(selects.add('film', { passage_id: ids['interview_ann.srt@1'] ?? '', bogus: 1 }), { code: 'INPUT_INVALID', message: /bogus/ });
  });

  it('exports transcripts as markers at the requested rate, refuses them as an EDL, and says when the list is empty', async () => {
    await assert.rejects(selects.exportList('film', { format: 'edl', fps: '24', title: 'Ann' }), { code: 'INPUT_INVALID', message: /interview_ann\.srt is a transcript, not a media file, so a CMX3600 EDL cannot cut it.*premiere-markers/ });
    const markers = String((await selects.exportList('film', { format: 'premiere-markers', fps: '24', title: 'Ann' })).body).trim().split('\n').slice(1);
    assert.deepEqual(markers.map((row) => row.split('\t').slice(2, 5)), [
      ['01:00:01:00', '01:00:04:00', '00:00:03:00'],
      ['01:00:04:00', '01:00:08:12', '00:00:04:12'],
    ]);
    await assert.rejects(selects.exportList('other', { format: 'srt' }), { code: 'INPUT_INVALID', message: /select list of "other" is empty/ });
    await assert.rejects(selects.exportList('film', { format: 'edl', fps: '48' }), { code: 'INPUT_INVALID', message: /fps/ });
  });

  it('exports from the command line to a folder under the suggested name', async () => {
    const out = path.join(tmp.dir, 'out');
    mkdirSync(out);
    const cli = (args: string[]) => run(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), ...args, '--home', home], { cwd: repoRoot, timeout: 60_000 });
    const { stderr } = await cli(['export', '--corpus', 'film', '--format', 'vtt', '--fps', '25', '--out', out]);
    assert.match(stderr, /wrote .*film_selects_25\.vtt/);
    const cues = parseVtt(readFileSync(path.join(out, 'film_selects_25.vtt'), 'utf8'));
    assert.deepEqual(cues.map((c) => c.speaker), ['Ann Lee', 'Bob Ray']);
  });

  it('refuses to export a select whose source has been removed from the archive', async () => {
    const [first] = await selects.list('film');
    assert.ok(first);
    await archive.removeSources([first.source_id]);
    await assert.rejects(selects.exportList('film', { format: 'edl' }), { code: 'SOURCE_UNKNOWN', message: /no longer in the archive.*darkroom selects remove/ });
    assert.equal((await selects.clear('film')).length, 0);
  });
});
