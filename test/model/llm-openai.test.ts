/**
 * The OpenAI-compatible backend against a small chat server started on 127.0.0.1 in this test: a loopback
 * peer that speaks the wire format (SSE streaming, usage, llama-server's /tokenize and /apply-template),
 * standing in for llama-server or vLLM on the studio network.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../../core/config.ts';
import { defaultSettings, loadLlm } from '../../core/models/llm/load.ts';
import { estimateTokens } from '../../core/models/llm/openai.ts';
import type { LlmBackend } from '../../core/models/llm/types.ts';
import { tempDir } from '../helpers/env.ts';

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
}

const seen: Seen[] = [];
let llamaServerRoutes = true;
let closedEarly = false;

function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : null));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  seen.push({ method: req.method ?? '', url: req.url ?? '', body });
  const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (req.url === '/v1/models') return void json(200, { data: [{ id: 'studio-model', max_model_len: 8192 }] });
  if (!llamaServerRoutes && ['/props', '/tokenize', '/apply-template'].includes(req.url ?? '')) return void json(404, { error: 'not found' });
  if (req.url === '/props') return void json(200, { default_generation_settings: { n_ctx: 6144 } });
  if (req.url === '/tokenize') return void json(200, { tokens: String(body?.content ?? '').split(/\s+/).filter(Boolean).map((_, i) => i) });
  if (req.url === '/apply-template') {
    const messages = (body?.messages ?? []) as Array<{ role: string; content: string }>;
    return void json(200, { prompt: messages.map((m) => `<|${m.role}|>${m.content}`).join('\n') + '\n<|assistant|>' });
  }
  if (req.url === '/v1/chat/completions') {
    const words = `The river rose at dawn [1] with seed ${String(body?.seed)} .`.split(' ');
    const max = Number(body?.max_tokens);
    const slow = String(JSON.stringify(body?.messages)).includes('slowly');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.on('close', () => {
      if (!res.writableFinished) closedEarly = true;
    });
    const out = words.slice(0, max);
    for (const [i, w] of out.entries()) {
      if (res.destroyed) return;
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: (i ? ' ' : '') + w }, finish_reason: null }] })}\n\n`);
      if (slow) await new Promise((r) => setTimeout(r, 40));
    }
    const finish = out.length < words.length ? 'length' : 'stop';
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
    if (llamaServerRoutes) res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 42, completion_tokens: out.length } })}\n\n`);
    res.end('data: [DONE]\n\n');
    return;
  }
  json(404, { error: 'not found' });
}

const server = createServer((req, res) => void handle(req, res));
const home = tempDir('darkroom-llm-openai-');
let url = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => {
  server.closeAllConnections();
  server.close();
  home.cleanup();
});
beforeEach(() => {
  seen.length = 0;
  llamaServerRoutes = true;
  closedEarly = false;
});

async function connect(env: Record<string, string> = {}): Promise<LlmBackend> {
  const backend = await loadLlm(loadConfig({ DARKROOM_HOME: home.dir, DARKROOM_LLM_URL: url, ...env }));
  assert.ok(backend);
  return backend;
}

const request = { system: 'Answer from the passages.', messages: [{ role: 'user' as const, content: 'When did the river rise?' }] };

describe('OpenAI-compatible backend', () => {
  it('streams the answer over SSE, sending the sampling settings and model name', async () => {
    const llm = await connect({ DARKROOM_LLM_API_MODEL: 'studio-model' });
    const pieces: string[] = [];
    const result = await llm.generate({ ...request, settings: { ...defaultSettings, seed: 7, temperature: 0.3, top_p: 0.9 }, onToken: (t) => pieces.push(t) });
    assert.equal(result.text, 'The river rose at dawn [1] with seed 7 .');
    assert.equal(pieces.join(''), result.text);
    assert.ok(pieces.length > 5);
    assert.equal(result.stop_reason, 'eos');
    assert.equal(result.tokens_in, 42);
    assert.equal(result.tokens_out, 10);
    assert.ok(result.ttft_s !== null && result.ttft_s <= result.gen_s);
    const sent = seen.find((s) => s.url === '/v1/chat/completions')?.body;
    assert.deepEqual(
      { model: sent?.model, stream: sent?.stream, seed: sent?.seed, temperature: sent?.temperature, top_p: sent?.top_p, max_tokens: sent?.max_tokens },
      { model: 'studio-model', stream: true, seed: 7, temperature: 0.3, top_p: 0.9, max_tokens: defaultSettings.max_tokens },
    );
    assert.deepEqual((sent?.messages as Array<{ role: string }>).map((m) => m.role), ['system', 'user']);
    assert.equal(result.prompt, '<|system|>Answer from the passages.\n<|user|>When did the river rise?\n<|assistant|>');
  });

  it('reads the model name and context size from the server when not configured', async () => {
    const llm = await connect();
    assert.deepEqual(llm.info, { backend: 'openai-compatible', name: 'studio-model', sha256: null, url, context_size: 6144, gpu: null });
    assert.equal(llm.contextSize, 6144);
    assert.equal((await connect({ DARKROOM_LLM_CONTEXT: '2048' })).contextSize, 2048);
  });

  it("counts tokens with the server's /tokenize", async () => {
    const llm = await connect();
    assert.equal(await llm.countTokens('one two three four'), 4);
  });

  it('reports max_tokens when the server stops at the limit', async () => {
    const llm = await connect();
    const result = await llm.generate({ ...request, settings: { ...defaultSettings, max_tokens: 3 } });
    assert.equal(result.text, 'The river rose');
    assert.equal(result.stop_reason, 'max_tokens');
  });

  it('stops on abort, closes the connection and returns what came so far', async () => {
    const llm = await connect();
    const controller = new AbortController();
    const result = await llm.generate({
      system: 'x', messages: [{ role: 'user', content: 'answer slowly' }], settings: defaultSettings, signal: controller.signal,
      onToken: () => controller.abort(),
    });
    assert.equal(result.stop_reason, 'abort');
    assert.equal(result.text, 'The');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(closedEarly, 'the server saw the client go away before the end of the stream');
  });

  it('without llama-server routes: estimates tokens only for fitting, reports none, and shows the messages as the prompt', async () => {
    llamaServerRoutes = false;
    const llm = await connect();
    assert.equal(llm.contextSize, 8192, 'max_model_len from /v1/models');
    assert.equal(await llm.countTokens('one two three four'), estimateTokens('one two three four'));
    assert.ok(estimateTokens('The river rose at dawn.') >= 'The river rose at dawn.'.split(' ').length);
    const result = await llm.generate({ ...request, settings: defaultSettings });
    assert.equal(result.tokens_in, null);
    assert.equal(result.tokens_out, null);
    assert.deepEqual(JSON.parse(result.prompt).messages[1], { role: 'user', content: 'When did the river rise?' });
  });

  it('asks only the configured server, on the routes it documents', async () => {
    const llm = await connect();
    await llm.countTokens('a b');
    await llm.generate({ ...request, settings: defaultSettings });
    const routes = new Set(seen.map((s) => s.url));
    for (const route of routes) assert.ok(['/v1/models', '/props', '/tokenize', '/apply-template', '/v1/chat/completions'].includes(route), route);
  });

  it('fails with LLM_FAILED naming the URL when the server cannot be reached', async () => {
    const gone = await loadLlm(loadConfig({ DARKROOM_HOME: home.dir, DARKROOM_LLM_URL: 'http://127.0.0.1:9/v1' }));
    assert.ok(gone, 'an unreachable server still gives a backend: it may come up later');
    assert.equal(gone.contextSize, 4096);
    await assert.rejects(gone.generate({ ...request, settings: defaultSettings }), (err: Error & { code?: string }) => {
      return err.code === 'LLM_FAILED' && err.message.includes('http://127.0.0.1:9/v1');
    });
  });
});
