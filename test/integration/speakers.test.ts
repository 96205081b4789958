/**
 * Speakers: `darkroom speakers` lists a corpus's speakers with talk time and sources; `speakers rename` (per corpus
 * or per source) and `speakers merge` rename them in place, and search hits, the speaker filter, citations, select
 * lists and exports show the new name, with no re-embedding. Real `darkroom`
 * processes on a real archive (LanceDB, state.db).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, tempDir } from '../helpers/env.ts';

const cli = path.join(repoRoot, 'bin', 'darkroom.js');
const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', LANCEDB_LOG: 'error' };
delete env.DARKROOM_LOG_LEVEL;

const cue = (from: string, to: string, speaker: string, text: string) => `${from} --> ${to}\n<v ${speaker}>${text}\n`;

describe('darkroom speakers: list, rename, merge', { timeout: 400_000 }, () => {
  const tmp = tempDir('darkroom-speakers-');
  after(() => tmp.cleanup());
  const home = path.join(tmp.dir, 'home');
  const darkroom = (args: string[]) => spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8', env, timeout: 180_000 });
  const json = <T>(args: string[]): T => {
    const run = darkroom([...args, '--json']);
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as T;
  };
  type Hit = { id: string; speaker: string | null; path: string };
  const search = (query: string, extra: string[] = []) => json<{ hits: Hit[] }>(['search', query, '--corpus', 'canada', ...extra]).hits;

  const folder = path.join(tmp.dir, 'interviews');
  const marie = path.join(folder, 'marie_2024-05-02.vtt');
  const paul = path.join(folder, 'paul_2024-05-03.vtt');

  it('lists the diarization labels with talk time, passages and sources', () => {
    mkdirSync(folder);
    writeFileSync(marie, ['WEBVTT\n', cue('00:00:01.000', '00:00:04.000', 'SPEAKER_00', 'Why did you leave for Canada?'), cue('00:00:04.500', '00:00:10.000', 'SPEAKER_01', 'My brother had found work at the sawmill in Quebec, so we followed him.'), cue('00:00:10.500', '00:00:12.000', 'SPEAKER_00', 'And the school?'), cue('00:00:12.500', '00:00:18.000', 'SPEAKER_01', 'The school by the river closed the winter of the flood.')].join('\n'));
    writeFileSync(paul, ['WEBVTT\n', cue('00:00:02.000', '00:00:05.000', 'SPEAKER_00', 'I drove the ferry across the lake every morning.'), cue('00:00:05.500', '00:00:07.000', 'SPEAKER_01', 'Every single morning?')].join('\n'));
    const ingested = darkroom(['ingest', folder, '--corpus', 'canada']);
    assert.equal(ingested.status, 0, ingested.stderr + ingested.stdout);
    const list = json<Array<{ speaker: string; talk_s: number; passages: number; sources: string[] }>>(['speakers', '--corpus', 'canada']);
    assert.deepEqual(list.map((s) => [s.speaker, s.talk_s, s.passages, s.sources.length]), [
      ['SPEAKER_01', 12.5, 3, 2],
      ['SPEAKER_00', 7.5, 3, 2],
    ]);
    assert.match(darkroom(['speakers', '--corpus', 'canada']).stdout, /^canada\tSPEAKER_01\t13s\t3 passages\t2 sources$/m);
  });

  it('renames a label in one source only, and search, the speaker filter, citations, selects and exports use the name', () => {
    const before = search('sawmill Quebec')[0];
    assert.equal(before?.speaker, 'SPEAKER_01');
    const selected = darkroom(['selects', 'add', before?.id ?? '', '--corpus', 'canada']);
    assert.equal(selected.status, 0, selected.stderr);

    const renamed = darkroom(['speakers', 'rename', 'SPEAKER_01', 'Marie Tremblay', '--corpus', 'canada', '--source', marie]);
    assert.equal(renamed.status, 0, renamed.stderr);
    assert.match(renamed.stdout, /"SPEAKER_01" -> "Marie Tremblay" in corpus canada \(source [0-9a-f]{24}\): 2 passages in 1 source, 1 select; no re-embedding needed/);

    assert.equal(search('sawmill Quebec')[0]?.speaker, 'Marie Tremblay');
    assert.equal(search('every single morning')[0]?.speaker, 'SPEAKER_01', 'the other source keeps its label');
    const filtered = search('school', ['--speaker', 'Marie Tremblay']);
    assert.deepEqual(filtered.map((h) => [path.basename(h.path), h.speaker]), [['marie_2024-05-02.vtt', 'Marie Tremblay']]);
    assert.ok(search('Tremblay').some((h) => h.path === marie), 'the name is searchable');

    const answer = json<{ citations: Array<{ speaker: string | null }> }>(['ask', 'Why did Marie leave for Canada? sawmill', '--corpus', 'canada', '--mode', 'extractive']);
    assert.ok(answer.citations.some((c) => c.speaker === 'Marie Tremblay'), JSON.stringify(answer.citations));
    const selects = darkroom(['selects', 'list', '--corpus', 'canada']);
    assert.match(selects.stdout, /Marie Tremblay/);
    const srt = darkroom(['export', '--corpus', 'canada', '--format', 'srt']);
    assert.equal(srt.status, 0, srt.stderr);
    assert.match(srt.stdout, /Marie Tremblay: My brother had found work/);
  });

  it('asks for merge when the new name exists, and merges labels into one name', () => {
    const clash = darkroom(['speakers', 'rename', 'SPEAKER_01', 'Marie Tremblay', '--corpus', 'canada']);
    assert.equal(clash.status, 2, clash.stderr);
    assert.match(clash.stderr, /"Marie Tremblay" is already a speaker in corpus "canada"\. .*darkroom speakers merge "SPEAKER_01" --into "Marie Tremblay" --corpus canada/);
    const unknown = darkroom(['speakers', 'rename', 'SPEAKER_07', 'Nobody', '--corpus', 'canada']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /No speaker "SPEAKER_07" in corpus "canada"/);

    const merged = darkroom(['speakers', 'merge', 'SPEAKER_00', '--into', 'Interviewer', '--corpus', 'canada']);
    assert.equal(merged.status, 0, merged.stderr);
    assert.match(merged.stdout, /"SPEAKER_00" -> "Interviewer" in corpus canada: 3 passages in 2 sources/);
    assert.deepEqual(json<Array<{ speaker: string }>>(['speakers', '--corpus', 'canada']).map((s) => s.speaker).sort(), ['Interviewer', 'Marie Tremblay', 'SPEAKER_01']);

    assert.equal(search('sawmill Quebec')[0]?.speaker, 'Marie Tremblay');
  });
});
