import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { XMLParser } from 'fast-xml-parser';
import { Archive } from '../../core/store/archive.ts';
import { formatTimecode, frameRateFrom, parseTimecode, secondsToFrames } from '../../core/timecode.ts';
import { createMediaExtractor, mediaExtensions } from '../../ingest/extract/media.ts';
import { registerExtractor } from '../../ingest/extract/registry.ts';
import { ingest } from '../../ingest/pipeline.ts';
import { createApp, type App } from '../../server/app.ts';
import { createChatService } from '../../server/chat/service.ts';
import { createGenerationQueue } from '../../server/chat/queue.ts';
import { openAnswerStore } from '../../server/records/answer-store.ts';
import { createExportRouter } from '../../server/selects/export-router.ts';
import { createSelectsRouter } from '../../server/selects/selects-router.ts';
import { createSelectsService } from '../../server/selects/selects-service.ts';
import { openSelectStore } from '../../server/selects/select-store.ts';
import { registerEditSuite, type EditSuite } from '../../server/ws/edit-suite.ts';
import { readEdl } from '../golden/edl-reader.ts';
import { repoRoot, tempDir } from '../helpers/env.ts';
import { buildSpokenClip, needsEspeak, type SpokenClip } from '../helpers/media-fixtures.ts';

const run = promisify(execFile);
const DF = frameRateFrom('30000/1001', true);

/** Source TC of the rush (01:00:00;00) at `s` seconds: the frame showing then, or with `ceil` the first frame boundary at or after it. */
function tcAt(s: number, ceil = false): string {
  const exact = (s * 30000) / 1001;
  const frames = ceil ? Math.ceil(exact - 1e-6) : Math.floor(exact + 1e-6);
  return formatTimecode(parseTimecode('01:00:00;00', DF) + frames, DF);
}

/** Sends `event` and waits for `reply` (or an `error`) with the same request_id. */
function request(socket: Socket, event: string, payload: Record<string, unknown>, reply: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const id = String(payload.request_id);
    const onReply = (body: Record<string, unknown>) => {
      if (body.request_id !== id) return;
      cleanup();
      resolve(body);
    };
    const onError = (body: Record<string, unknown>) => {
      if (body.request_id !== id) return;
      cleanup();
      reject(Object.assign(new Error(String(body.message)), body));
    };
    const cleanup = () => {
      socket.off(reply, onReply);
      socket.off('error', onError);
    };
    socket.on(reply, onReply);
    socket.on('error', onError);
    socket.emit(event, payload);
  });
}

describe('the edit-suite protocol against a real server and a 29.97 DF rush', { skip: needsEspeak() }, () => {
  const tmp = tempDir('darkroom-edit-suite-');
  const home = path.join(tmp.dir, 'home');
  const rushes = path.join(tmp.dir, 'rushes');
  let archive: Archive;
  let app: App;
  let suite: EditSuite | undefined;
  let url = '';
  let clip: SpokenClip;
  let socket: Socket;
  let n = 0;
  const rid = () => `t${++n}`;

  before(async () => {
    mkdirSync(rushes);
    clip = buildSpokenClip(rushes);
    const letter = path.join(tmp.dir, 'letter_1912.txt');
    writeFileSync(letter, 'August 14, 1912\n\nDear Sister,\n\nThe mill ledger survived the flood in its tin box.\n\nThomas.');
    registerExtractor([...mediaExtensions], createMediaExtractor({ prefer: 'sidecar' }));
    archive = await Archive.open({ home });
    const summary = await ingest({ archive, corpus: 'film', inputs: [clip.file, letter], embedder: null });
    assert.equal(summary.failed, 0, JSON.stringify(summary.results));
    const chatDeps = { archive, embedder: () => Promise.resolve(null), llm: () => Promise.resolve(null), store: await openAnswerStore(home), queue: createGenerationQueue(1) };
    const selects = createSelectsService({ archive, store: await openSelectStore(home) });
    app = createApp({
      ...chatDeps,
      webRoot: null,
      extraRouters: [
        ['/api/selects', createExportRouter({ selects })],
        ['/api/selects', createSelectsRouter({ selects })],
      ],
      onIo: (io) => {
        suite = registerEditSuite(io, { archive, embedder: chatDeps.embedder, chat: createChatService(chatDeps), selects, pollMs: 0 });
      },
    });
    await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
    socket = connect(`${url}/edit`, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  });
  after(async () => {
    socket?.close();
    suite?.close();
    await app?.close();
    archive?.close();
    tmp.cleanup();
  });

  it('refuses requests before hello and a protocol version it does not speak, then welcomes version 1', async () => {
    await assert.rejects(request(socket, 'search', { request_id: rid(), query: 'ledger' }, 'search:result'), { code: 'PROTOCOL_UNSUPPORTED', message: /Send "hello"/ });
    await assert.rejects(request(socket, 'hello', { request_id: rid(), protocol: 2 }, 'welcome'), { code: 'PROTOCOL_UNSUPPORTED', message: /speaks edit-suite protocol 1, the client 2/ });
    const welcome = await request(socket, 'hello', { request_id: rid(), protocol: 1, client: 'test' }, 'welcome');
    assert.equal(welcome.protocol, 1);
    assert.ok((welcome.export_formats as string[]).includes('fcpxml'));
  });

  it('answers search with clip references: studio path, reel, drop-frame source TC, rate, speaker, words', async () => {
    const result = await request(socket, 'search', { request_id: rid(), query: 'ledger tin box', corpus: 'film' }, 'search:result');
    const clips = result.clips as Array<Record<string, unknown>>;
    const top = clips.find((c) => c.path === clip.file);
    assert.ok(top, 'the rush is among the hits');
    assert.equal(top.tc_in, tcAt(6.0), '6.0 s at 29.97 shows frame 179: 01:00:05;29');
    assert.equal(top.tc_in, '01:00:05;29');
    const duration = (await archive.getSource(String(top.source_id)))?.duration_s ?? 0;
    const end = Math.min(parseTimecode(tcAt(9.0, true), DF), parseTimecode('01:00:00;00', DF) + secondsToFrames(duration, DF));
    assert.equal(top.tc_out, formatTimecode(end, DF), 'the cue ends at 9.0 s, or at the last frame of the media if sooner');
    assert.equal(top.fps_rational, '30000/1001');
    assert.equal(top.drop_frame, true);
    assert.equal(top.start_tc, '01:00:00;00');
    assert.equal(top.speaker, 'Ruth Miller');
    assert.equal(top.match_s, 6.0, 'the moment the searched words are spoken');
    assert.equal(top.match_tc, '01:00:05;29');
    assert.equal(top.reel, 'B002');
    assert.match(String(top.file_url), /^file:\/\/\/.*interview_B002\.mov$/);
  });

  it('answers ask like the chat, with its citations as clip references (acknowledgement callback too)', async () => {
    const reply = (await socket.timeout(30_000).emitWithAck('ask', { request_id: rid(), question: 'Where did Ruth Miller\'s grandmother keep the ledger?', corpus: 'film', mode: 'extractive' })) as Record<string, unknown>;
    assert.equal(reply.error, undefined, JSON.stringify(reply.error));
    assert.equal(reply.abstained, false);
    const clips = reply.clips as Array<Record<string, unknown>>;
    const cited = clips.find((c) => c.path === clip.file);
    assert.ok(cited, 'the rush is cited');
    assert.equal(typeof cited.n, 'number');
    assert.equal(cited.tc_in, '01:00:05;29');
    const quote = (cited.quotes as Array<Record<string, unknown>>)[0];
    assert.equal(quote?.verified, true);
    assert.equal(quote.start_s, 6.0, 'the quotation carries the moment its words are spoken');
    assert.equal(quote.tc, '01:00:05;29');
  });

  it('says what is said at a timecode, and refuses a wrong rate, a TC outside the media and an unknown source', async () => {
    const said = await request(socket, 'whats-said', { request_id: rid(), source: clip.file, tc: '01:00:07;00', fps: 29.97 }, 'whats-said:result');
    const clips = said.clips as Array<Record<string, unknown>>;
    const current = clips[said.current as number];
    assert.equal(current?.speaker, 'Ruth Miller');
    assert.equal(clips[0]?.speaker, 'Interviewer', 'the passage before is included');
    assert.equal((said.at as { tc: string }).tc, '01:00:07;00');
    await assert.rejects(request(socket, 'whats-said', { request_id: rid(), source: clip.file, tc: '01:00:07:00', fps: 25 }, 'whats-said:result'), { code: 'FRAME_RATE_MISMATCH', message: /counts at 25 fps but interview_B002\.mov runs at 29\.97df/ });
    await assert.rejects(request(socket, 'whats-said', { request_id: rid(), source: clip.file, tc: '02:00:00;00' }, 'whats-said:result'), { code: 'TIMECODE_INVALID', message: /outside interview_B002\.mov, which runs from 01:00:00;00 to/ });
    await assert.rejects(request(socket, 'whats-said', { request_id: rid(), source: '/nowhere/clip.mov', seconds: 1 }, 'whats-said:result'), { code: 'SOURCE_UNKNOWN' });
    await assert.rejects(request(socket, 'whats-said', { request_id: rid(), source: clip.file }, 'whats-said:result'), { code: 'INPUT_INVALID', message: /exactly one of tc or seconds/ });
  });

  it('builds a select list over the socket and exports an EDL and FCPXML at the rush\'s 29.97 DF', async () => {
    const hits = (await request(socket, 'search', { request_id: rid(), query: 'flood mill spring ledger', corpus: 'film', filters: { kind: 'media' } }, 'search:result')).clips as Array<Record<string, unknown>>;
    const ordered = [...hits].sort((a, b) => Number(a.start_s) - Number(b.start_s));
    assert.equal(ordered.length, 2);
    for (const hit of ordered) await request(socket, 'selects:add', { request_id: rid(), corpus: 'film', passage_id: hit.passage_id, handle_before_s: 0.5, handle_after_s: 0.5 }, 'selects:result');
    const listed = await request(socket, 'selects:list', { request_id: rid(), corpus: 'film' }, 'selects:result');
    assert.equal((listed.items as unknown[]).length, 2);

    const edlFile = await request(socket, 'selects:export', { request_id: rid(), corpus: 'film', format: 'edl' }, 'selects:export:result');
    assert.equal(edlFile.filename, 'film_selects_2997df.edl');
    const edl = readEdl(String(edlFile.body));
    assert.equal(edl.fcm, 'DROP FRAME');
    const duration = (await archive.getSource(String(ordered[0]?.source_id)))?.duration_s ?? 0;
    const lastFrame = parseTimecode('01:00:00;00', DF) + secondsToFrames(duration, DF);
    assert.deepEqual(edl.events.map((e) => [e.reel, e.srcIn, e.srcOut]), [
      ['B002', tcAt(0.5), tcAt(5.0, true)],
      ['B002', tcAt(5.5), formatTimecode(Math.min(parseTimecode(tcAt(9.5, true), DF), lastFrame), DF)],
    ]);
    assert.equal(edl.events[0]?.srcIn, '01:00:00;14', '0.5 s handle before 1.0 s: frame 14');
    assert.equal(edl.events[1]?.recIn, edl.events[0]?.recOut);
    assert.equal(parseTimecode(edl.events[0]?.recIn ?? '', DF), parseTimecode('01:00:00;00', DF));

    const xml = await request(socket, 'selects:export', { request_id: rid(), corpus: 'film', format: 'fcpxml' }, 'selects:export:result');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(String(xml.body)) as { fcpxml: { resources: { asset: { start: string } } } };
    assert.equal(doc.fcpxml.resources.asset.start, '8999991/2500s', 'asset start = 01:00:00;00 as a rational');
  });

  it('serves the select list and its exports over HTTP, with clear errors', async () => {
    const list = (await (await fetch(`${url}/api/selects/film`)).json()) as { items: Array<{ id: string; passage_id: string }> };
    assert.equal(list.items.length, 2);
    const mismatch = await fetch(`${url}/api/selects/film/export?format=edl&fps=25`);
    assert.equal(mismatch.status, 409);
    assert.match(((await mismatch.json()) as { error: { message: string } }).error.message, /runs at 29\.97df fps but the timeline is 25/);
    const srt = await fetch(`${url}/api/selects/film/export?format=srt`);
    assert.equal(srt.status, 200);
    assert.match(srt.headers.get('content-disposition') ?? '', /attachment; filename="?film_selects_2997df\.srt"?/);
    assert.match(await srt.text(), /^1\n00:00:00,50\d --> /);

    const [first, second] = list.items;
    assert.ok(first && second);
    const reordered = (await (await fetch(`${url}/api/selects/film/order`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: [second.id, first.id] }) })).json()) as typeof list;
    assert.deepEqual(reordered.items.map((i) => i.id), [second.id, first.id]);
    const bad = await fetch(`${url}/api/selects/film/order`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: [first.id] }) });
    assert.equal(bad.status, 400);

    const letter = (await request(socket, 'search', { request_id: rid(), query: 'Dear Sister', corpus: 'film', filters: { kind: 'letter' } }, 'search:result')).clips as Array<Record<string, unknown>>;
    assert.ok(letter[0]);
    const untimed = await fetch(`${url}/api/selects/film`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ passage_id: letter[0].passage_id }) });
    assert.equal(untimed.status, 400);
    assert.match(((await untimed.json()) as { error: { message: string } }).error.message, /has no timecode/);

    const removed = (await (await fetch(`${url}/api/selects/film/${first.id}`, { method: 'DELETE' })).json()) as typeof list;
    assert.deepEqual(removed.items.map((i) => i.id), [second.id]);
  });

  it('tells connected panels when a new source finishes ingesting', async () => {
    assert.ok(suite);
    await suite.checkIngested();
    const notified = new Promise<{ sources: Array<{ path: string; corpus: string }> }>((resolve) => socket.once('sources:ingested', resolve));
    const late = path.join(tmp.dir, 'late');
    mkdirSync(late);
    writeFileSync(path.join(late, 'note_late.txt'), 'A note written after the server started, about the harvest.');
    await ingest({ archive, corpus: 'film', inputs: [late], embedder: null });
    await suite.checkIngested();
    const event = await notified;
    assert.deepEqual(event.sources.map((s) => path.basename(s.path)), ['note_late.txt']);
  });

  it('runs the example client, which prints the clip references of an answer', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'examples', 'edit-suite-client.ts'), '--url', url, '--corpus', 'film', '--mode', 'extractive', 'Who kept the ledger dry in a tin box?'], { cwd: repoRoot, timeout: 60_000 });
    assert.match(stdout, /B002 +01:00:05;29 - 01:00:0\d;\d\d @ 29\.97 DF .*interview_B002\.mov/);
    assert.match(stdout, /Ruth Miller: My grandmother kept the ledger dry in a tin box\./);
  });
});
