import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnswerEvent, AnswerRecord, AskResult } from '../../core/protocol/chat.ts';
import { readNdjson, startTestServer, type TestServer } from '../helpers/server-app.ts';

describe('the HTTP API over a small archive, with no model', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const get = (path: string) => fetch(server.url + path);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('reports health: corpora, passage counts, semantic and LLM off, extractive answers', async () => {
    const res = await get('/api/health');
    assert.equal(res.status, 200);
    const health = (await res.json()) as { corpora: Array<{ corpus: string; passages: number }>; passages: number; semantic: { on: boolean; note: string }; llm: { on: boolean }; answers: string };
    assert.equal(health.corpora[0]?.corpus, 'test');
    assert.ok(health.passages >= 3);
    assert.equal(health.semantic.on, false);
    assert.match(health.semantic.note, /DARKROOM_EMBED_MODEL/);
    assert.equal(health.llm.on, false);
    assert.equal(health.answers, 'extractive');
  });

  it('lists corpora and the sources of one corpus', async () => {
    const corpora = (await (await get('/api/corpora')).json()) as { corpora: Array<{ corpus: string; sources: number }> };
    assert.deepEqual(corpora.corpora.map((c) => [c.corpus, c.sources]), [['test', 3]]);
    const sources = (await (await get('/api/sources?corpus=test')).json()) as { sources: Array<{ path: string }> };
    assert.equal(sources.sources.length, 3);
  });

  it('searches with the hit fields of `darkroom search --json`', async () => {
    const res = await get('/api/search?q=barn%20lightning&corpus=test&limit=2');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { hits: Array<{ path: string; text: string; why: unknown; score: number }>; semantic: boolean };
    assert.equal(body.semantic, false);
    assert.ok(body.hits.length >= 1 && body.hits.length <= 2);
    assert.match(body.hits[0]?.path ?? '', /letter_1912_barn\.txt$/);
    assert.ok(body.hits[0]?.why);
  });

  it('answers extractively, quoting the matching sentence verbatim and citing its passage', async () => {
    const res = await post('/api/ask', { question: 'What struck the barn during the storm?', corpus: 'test' });
    assert.equal(res.status, 200);
    const result = (await res.json()) as AskResult;
    assert.equal(result.mode, 'extractive');
    assert.equal(result.abstained, false);
    assert.match(result.answer, /Extractive answer/);
    assert.match(result.answer, /struck by lightning/);
    const first = result.citations[0];
    assert.ok(first, 'a citation');
    assert.match(first.path, /letter_1912_barn\.txt$/);
    assert.ok(first.quotes.length > 0 && first.quotes.every((q) => q.verified && first.text.replace(/\s+/g, ' ').includes(q.text)));
    assert.equal(typeof first.score, 'number', 'citations carry the search-hit fields');
    assert.equal(result.record.mode, 'extractive');
    assert.equal(result.record.prompt, null);
    assert.ok(result.record.retrieval.passages.some((p) => p.cited && p.id === first.passage_id));
    assert.equal(typeof result.record.retrieval.table_version, 'number');
    assert.ok(result.record.cost.wall_s > 0 && result.record.cost.peak_rss_mb > 0);
  });

  it('abstains and cites nothing when the question is about something the archive does not hold', async () => {
    const result = (await (await post('/api/ask', { question: 'Who won the election for governor in 1912?', corpus: 'test' })).json()) as AskResult;
    assert.equal(result.abstained, true);
    assert.deepEqual(result.citations, []);
    assert.match(result.answer, /does not seem to hold the answer/);
    assert.match(result.abstain_reason ?? '', /governor|election/);
  });

  it('streams the answer as NDJSON events in order, with ?stream=1 or Accept: application/x-ndjson', async () => {
    for (const [path, headers] of [['/api/ask?stream=1', {}], ['/api/ask', { accept: 'application/x-ndjson' }]] as const) {
      const res = await post(path, { question: 'When did the school reopen after the flood?', corpus: 'test', request_id: 'r1' }, headers);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/x-ndjson/);
      const events = (await readNdjson(res)) as AnswerEvent[];
      const types = events.map((e) => e.type);
      assert.equal(types[0], 'start');
      assert.equal(types[1], 'retrieved');
      assert.ok(types.includes('token'));
      assert.deepEqual(types.slice(-2), ['citations', 'done']);
      assert.ok(events.every((e) => e.request_id === 'r1'));
    }
  });

  it('keeps records and conversations, and a follow-up joins its conversation', async () => {
    const first = (await (await post('/api/ask', { question: 'Who was the teacher at the school by the river?', corpus: 'test' })).json()) as AskResult;
    const follow = (await (await post('/api/ask', { question: 'And when did she come back?', corpus: 'test', conversation_id: first.conversation_id })).json()) as AskResult;
    assert.equal(follow.conversation_id, first.conversation_id);
    assert.match(follow.record.retrieval.query, /teacher/, 'a short follow-up retrieves with the previous question');
    const record = (await (await get(`/api/answers/${first.answer_id}`)).json()) as AnswerRecord;
    assert.equal(record.question, 'Who was the teacher at the school by the river?');
    const conv = (await (await get(`/api/conversations/${first.conversation_id}`)).json()) as { answers: AnswerRecord[] };
    assert.deepEqual(conv.answers.map((a) => a.id), [first.answer_id, follow.answer_id]);
    const list = (await (await get('/api/conversations')).json()) as { conversations: Array<{ id: string }> };
    assert.equal(list.conversations[0]?.id, first.conversation_id);
  });

  it('replays an extractive answer byte-identically', async () => {
    const answer = (await (await post('/api/ask', { question: 'What did the hail flatten in June?', corpus: 'test' })).json()) as AskResult;
    const replay = (await (await post(`/api/answers/${answer.answer_id}/replay`, {})).json()) as { identical: boolean; replayed: string; original: string };
    assert.equal(replay.identical, true);
    assert.equal(replay.replayed, answer.record.output);
  });

  describe('bad input gets a JSON error with the right status, and the server stays up', () => {
    const cases: Array<[string, () => Promise<Response>, number, string]> = [
      ['an empty question', () => post('/api/ask', { question: '   ', corpus: 'test' }), 400, 'INPUT_INVALID'],
      ['a missing question', () => post('/api/ask', { corpus: 'test' }), 400, 'INPUT_INVALID'],
      ['a question over 4000 characters', () => post('/api/ask', { question: 'flood '.repeat(1000), corpus: 'test' }), 413, 'PAYLOAD_TOO_LARGE'],
      ['a body over the size limit', () => post('/api/ask', { question: 'flood', corpus: 'test', pad: 'x'.repeat(100_000) }), 413, 'PAYLOAD_TOO_LARGE'],
      ['malformed JSON', () => post('/api/ask', '{"question": "flood"'), 400, 'INPUT_INVALID'],
      ['a body that is not JSON', () => fetch(server.url + '/api/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'flood' }), 400, 'INPUT_INVALID'],
      ['an unknown field', () => post('/api/ask', { question: 'flood', corpus: 'test', evil: true }), 400, 'INPUT_INVALID'],
      ['a wrong type', () => post('/api/ask', { question: 42 }), 400, 'INPUT_INVALID'],
      ['an unknown corpus', () => post('/api/ask', { question: 'flood', corpus: 'nope' }), 404, 'CORPUS_UNKNOWN'],
      ['an LLM answer on a server without a model', () => post('/api/ask', { question: 'flood', corpus: 'test', mode: 'llm' }), 409, 'LLM_UNAVAILABLE'],
      ['an unknown conversation', () => post('/api/ask', { question: 'flood', corpus: 'test', conversation_id: 'conv_nope' }), 404, 'NOT_FOUND'],
      ['an empty search', () => get('/api/search?q=&corpus=test'), 400, 'INPUT_INVALID'],
      ['a search limit that is not a number', () => get('/api/search?q=flood&limit=lots'), 400, 'INPUT_INVALID'],
      ['a search of an unknown corpus', () => get('/api/search?q=flood&corpus=nope'), 404, 'CORPUS_UNKNOWN'],
      ['a search with an unknown kind', () => get('/api/search?q=flood&kind=video'), 400, 'INPUT_INVALID'],
      ['sources of an unknown corpus', () => get('/api/sources?corpus=nope'), 404, 'CORPUS_UNKNOWN'],
      ['an unknown answer id', () => get('/api/answers/ans_nope'), 404, 'ANSWER_UNKNOWN'],
      ['a replay of an unknown answer', () => post('/api/answers/ans_nope/replay', {}), 404, 'ANSWER_UNKNOWN'],
      ['an unknown API route', () => get('/api/nothing-here'), 404, 'NOT_FOUND'],
      ['an unknown page with no web UI built', () => get('/nothing-here'), 404, 'NOT_FOUND'],
    ];
    for (const [what, send, status, code] of cases) {
      it(`refuses ${what}`, async () => {
        const res = await send();
        assert.equal(res.status, status);
        const error = await errorOf(res);
        assert.equal(error.code, code);
        assert.ok(error.message.length > 20, 'the message says what is wrong and how to fix it');
      });
    }
    it('still answers after all of them', async () => {
      assert.equal((await get('/api/health')).status, 200);
    });
  });
});
