/**
 * Off the record and embargoes (`darkroom restrict`), through the real CLI on a real archive: a timed transcript
 * whose middle cue is put off the record; search and ask (extractive) leave it out, a passage straddling the range
 * is cut at its edge, a question answered only inside it abstains while one answered outside still cites; lifting
 * it or an embargo's date passing brings the material back without re-ingesting; every change is in the audit trail.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { repoRoot, tempDir } from '../helpers/env.ts';

const SECRET = 'quillowick';

function darkroom(home: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), '--home', home, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, DARKROOM_EMBED_MODEL: '', DARKROOM_LLM_MODEL: '', LANCEDB_LOG: 'error' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { status: number | null; stdout: string; stderr: string }, what: string): string {
  assert.equal(r.status, 0, `${what} failed: ${r.stderr}`);
  return r.stdout;
}

interface Hit {
  text: string;
  start_s: number;
  end_s: number;
}

function search(home: string, query: string): Hit[] {
  return (JSON.parse(ok(darkroom(home, ['search', query, '--corpus', 'film', '--json']), `search ${query}`)) as { hits: Hit[] }).hits;
}

function ask(home: string, question: string): { abstained: boolean; citations: unknown[] } {
  const a = JSON.parse(ok(darkroom(home, ['ask', question, '--corpus', 'film', '--mode', 'extractive', '--json']), `ask ${question}`)) as { abstained: boolean; citations: unknown[] };
  return { abstained: a.abstained && a.citations.length === 0, citations: a.citations };
}

describe('darkroom restrict: off the record and embargoes', () => {
  const tmp = tempDir('darkroom-restrict-');
  after(() => tmp.cleanup());
  const home = path.join(tmp.dir, 'home');
  const docs = path.join(tmp.dir, 'docs');
  mkdirSync(docs);
  const file = path.join(docs, 'anna.srt');
  writeFileSync(
    file,
    '1\n00:00:01,000 --> 00:00:05,000\nAnna: The lighthouse keeper painted the door blue every spring.\n\n' +
      `2\n00:00:05,500 --> 00:00:09,000\nAnna: Off the record, the mayor hid the ${SECRET} ledger in the chapel.\n\n` +
      '3\n00:00:09,500 --> 00:00:14,000\nAnna: After that the ferry stopped running on Sundays.\n',
  );

  it('leaves a range off the record out of search and answers, cuts the passage at its edge, and brings it back when lifted', { timeout: 600_000 }, () => {
    ok(darkroom(home, ['ingest', docs, '--corpus', 'film']), 'ingest');
    assert.ok(search(home, SECRET).some((h) => h.text.includes(SECRET)), 'found before the restriction');

    const added = ok(darkroom(home, ['restrict', file, '--off-record', '5-9.2']), 'restrict');
    assert.match(added, /restricted #1: film: .*anna\.srt {2}off the record 5\.0-9\.2 s/);
    assert.deepEqual(search(home, SECRET), [], 'a search for the words off the record finds nothing');
    const outside = search(home, 'lighthouse');
    assert.equal(outside.length, 1);
    assert.ok(!outside[0]!.text.includes(SECRET) && !outside[0]!.text.includes('mayor'), `the straddling passage is cut at the edge: ${outside[0]!.text}`);
    assert.match(outside[0]!.text, /every spring\. … After that the ferry/);
    assert.equal(ask(home, `Where did the mayor hide the ${SECRET} ledger?`).abstained, true, 'a question answered only off the record abstains');
    assert.ok(ask(home, 'What did the lighthouse keeper paint blue?').citations.length > 0, 'a question answered outside still cites');
    assert.match(ok(darkroom(home, ['restrict', '--list']), 'list'), /#1 {2}film: .*anna\.srt {2}off the record 5\.0-9\.2 s/);

    const lifted = ok(darkroom(home, ['restrict', file, '--clear']), 'clear');
    assert.match(lifted, /lifted 1 restriction/);
    assert.ok(search(home, SECRET).some((h) => h.text.includes(SECRET)), 'back after lifting, without re-ingesting');

    const db = new Database(path.join(home, 'state.db'), { readonly: true });
    const audit = db.prepare("SELECT action, actor, target, details FROM audit WHERE action LIKE 'restriction.%' ORDER BY seq").all() as Array<{ action: string; actor: string; details: string }>;
    db.close();
    assert.deepEqual(audit.map((a) => a.action), ['restriction.add', 'restriction.remove']);
    assert.equal(JSON.parse(audit[0]!.details).start_s, 5);
  });

  it('hides a source under embargo until its date, and brings it back once the date has passed', { timeout: 600_000 }, () => {
    ok(darkroom(home, ['restrict', file, '--until', '2999-01-01']), 'embargo');
    assert.deepEqual(search(home, 'lighthouse'), [], 'nothing of an embargoed source is found');
    assert.equal(ask(home, 'What did the lighthouse keeper paint blue?').abstained, true);
    // The date passing, as the clock would make it: the stored end date is moved to today (UTC).
    const db = new Database(path.join(home, 'state.db'));
    db.prepare('UPDATE restrictions SET until = ?').run(new Date().toISOString().slice(0, 10));
    db.close();
    assert.equal(search(home, 'lighthouse').length, 1, 'the embargo has lapsed: the source is back without re-ingesting');
    assert.match(ok(darkroom(home, ['restrict', '--list']), 'list'), /embargo on the whole source until .* \(lapsed\)/);
  });

  it('refuses an inverted range, a range outside the source naming its span, a past date and an unknown source', { timeout: 300_000 }, () => {
    const inverted = darkroom(home, ['restrict', file, '--off-record', '9-3']);
    assert.notEqual(inverted.status, 0);
    assert.match(inverted.stderr, /ends before it starts.*runs from 1\.0 to 14\.0 s/);
    const outside = darkroom(home, ['restrict', file, '--off-record', '5-99']);
    assert.match(outside.stderr, /not inside anna\.srt, which runs from 1\.0 to 14\.0 s/);
    assert.match(darkroom(home, ['restrict', file, '--until', '2001-01-01']).stderr, /not after today/);
    assert.match(darkroom(home, ['restrict', file, '--off-record', '10:00:00:00-10:00:01:00']).stderr, /no frame rate or timecode/);
    const unknown = darkroom(home, ['restrict', '/nowhere/x.mov', '--until', '2999-01-01']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /No source "\/nowhere\/x\.mov".*darkroom sources/);
    const db = new Database(path.join(home, 'state.db'), { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM restrictions WHERE until IS NULL').get() as { n: number }).n, 0, 'nothing stored by a refused command');
    db.close();
  });
});
