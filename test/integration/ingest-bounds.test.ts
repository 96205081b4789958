import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDocxBomb } from '../helpers/bomb-fixtures.ts';
import { makeDocx, makeTextPdf } from '../helpers/document-fixtures.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';

const darkroom = path.join(repoRoot, 'bin', 'darkroom.js');

interface Summary {
  ingested: number;
  failed: number;
  peak_rss_mb: number;
  results: Array<{ path: string; status: string; error?: string; code?: string }>;
}

describe('bounded extracted text: a DOCX zip bomb (honest or lying headers) fails alone, naming the limit and the fix; what was stored stays', { timeout: 600_000 }, () => {
  const tmp = tempDir('darkroom-bounds-');
  const docs = path.join(tmp.dir, 'docs');
  const env: NodeJS.ProcessEnv = { ...process.env, DARKROOM_LLM_MODEL: '', DARKROOM_LLM_URL: '', DARKROOM_EMBED_MODEL: '', DARKROOM_LOG_LEVEL: 'error', DARKROOM_HOME: path.join(tmp.dir, 'home') };
  after(() => tmp.cleanup());
  const run = (args: string[]) => spawnSync(process.execPath, [darkroom, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const search = (q: string) => JSON.stringify((JSON.parse(run(['search', q, '--corpus', 'c', '--json']).stdout) as { hits: unknown[] }).hits);

  it('refuses each oversized file with TEXT_TOO_LARGE, ingests the others, and keeps the passages of the earlier versions', () => {
    mkdirSync(docs);
    makeDocx(path.join(docs, 'report.docx'), ['The lighthouse keeper kept a diary of every ship.']);
    makeTextPdf(path.join(docs, 'memo.pdf'), [['The quarry closed in the spring of 1971.']]);
    writeFileSync(path.join(docs, 'note.txt'), 'The orchard was planted by the schoolteacher.');
    const first = run(['ingest', docs, '--corpus', 'c', '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal((JSON.parse(first.stdout) as Summary).ingested, 3);

    // The same names, now oversized; plus a bomb that lies about its size, and a good new file.
    const bombBytes = makeDocxBomb(path.join(docs, 'report.docx'), 150);
    makeDocxBomb(path.join(docs, 'liar.docx'), 150, { lie: true });
    writeFileSync(path.join(docs, 'new.txt'), 'The mill burned down the winter after the strike.');
    assert.ok(bombBytes < 2 * 1024 * 1024, 'the fixtures are small files');

    const second = run(['ingest', docs, '--corpus', 'c', '--json']);
    assert.equal(second.status, 1, 'a failed file makes the exit code 1');
    const summary = JSON.parse(second.stdout) as Summary;
    const byName = (name: string) => summary.results.find((r) => path.basename(r.path) === name);
    for (const name of ['report.docx', 'liar.docx']) {
      const r = byName(name);
      assert.equal(r?.status, 'failed', `${name}: ${JSON.stringify(r)}`);
      assert.equal(r?.code, 'TEXT_TOO_LARGE', `${name}: ${r?.error}`);
      assert.ok(r?.error?.includes(path.join(docs, name)), `the error names the file: ${r?.error}`);
      assert.match(r?.error ?? '', /\d+ MB limit|passes \d+ MB/, 'the error names the limit');
      assert.match(r?.error ?? '', /Split it into smaller documents/, 'the error names the fix');
    }
    assert.match(byName('report.docx')?.error ?? '', /inflate to 150\.\d MB.*100 MB limit/);
    assert.match(byName('liar.docx')?.error ?? '', /inflates to more than 100\.0 MB, though its directory says 0\.0 MB/);
    assert.equal(byName('new.txt')?.status, 'ingested');
    assert.ok(summary.peak_rss_mb < 1500, `peak memory stayed bounded: ${summary.peak_rss_mb} MB`);

    // The earlier versions' passages are still there; the new file is found.
    assert.match(search('lighthouse diary'), /lighthouse keeper/);
    assert.match(search('quarry closed'), /quarry closed/);
    assert.match(search('mill burned strike'), /mill burned/);
    assert.doesNotMatch(search('harvest failed valley'), /harvest failed/, 'nothing of the bomb was stored');
    process.stderr.write(`ingest with a 150 MB DOCX bomb (${bombBytes} bytes) peak RSS ${summary.peak_rss_mb} MB\n`);
  });
});
