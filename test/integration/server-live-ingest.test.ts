import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import type { SearchHit } from '../../core/types.ts';
import { repoRoot } from '../helpers/env.ts';
import { startTestServer, type TestServer } from '../helpers/server-app.ts';

const run = promisify(execFile);

describe('a running server sees what the ingestion CLI writes, without a restart', () => {
  let server: TestServer;
  let socket: Socket;
  before(async () => {
    server = await startTestServer();
    socket = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  });
  after(async () => {
    socket.close();
    await server.close();
  });

  const search = async (q: string) => ((await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}&corpus=test`)).json()) as { hits: SearchHit[] }).hits;

  it('finds a source that another process ingested, answers from it, and tells socket clients the archive changed', { timeout: 60_000 }, async () => {
    assert.equal((await search('zeppelin')).length, 0);
    // The CLI writes several table versions (passages, sources, indexes): wait for the one with the new source.
    const changed = new Promise<number>((resolve) => {
      socket.on('sources:changed', (event: { corpora: Array<{ corpus: string; sources: number }> }) => {
        const sources = event.corpora.find((c) => c.corpus === 'test')?.sources ?? 0;
        if (sources === 4) resolve(sources);
      });
    });
    const more = path.join(server.docs, '..', 'more');
    mkdirSync(more);
    writeFileSync(path.join(more, 'letter_1914_zeppelin.txt'), 'May 2, 1914\n\nA zeppelin flew over the meadow at dawn and the cows ran into the creek.');
    await run(process.execPath, [path.join(repoRoot, 'bin', 'darkroom.js'), 'ingest', more, '--corpus', 'test', '--home', server.home], { env: { ...process.env, DARKROOM_EMBED_MODEL: '' } });

    const hits = await search('zeppelin');
    assert.match(hits[0]?.path ?? '', /letter_1914_zeppelin\.txt$/);
    const answer = (await (await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'What flew over the meadow?', corpus: 'test' }) })).json()) as { answer: string };
    assert.match(answer.answer, /zeppelin flew over the meadow/);
    assert.equal(await changed, 4);
  });
});
