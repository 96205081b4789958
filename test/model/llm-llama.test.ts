/**
 * The node-llama-cpp backend with the real stories260K GGUF (threads 1, CPU). The model writes children's
 * stories and cannot follow instructions: these tests exercise real loading, tokenizing and generation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../core/config.ts';
import { hashFile } from '../../core/models/file-hash.ts';
import { defaultSettings, loadLlm } from '../../core/models/llm/load.ts';
import type { GenerateRequest, LlmBackend } from '../../core/models/llm/types.ts';
import type { SearchHit } from '../../core/types.ts';
import { buildPrompt } from '../../server/chat/prompt.ts';
import { needs, storiesModel, tempDir } from '../helpers/env.ts';

const skip = needs(storiesModel, 'the stories260K test model');
const home = tempDir('darkroom-llm-llama-');
let llm: LlmBackend;

before(async () => {
  if (skip) return;
  const config = loadConfig({ DARKROOM_HOME: home.dir, DARKROOM_LLM_MODEL: storiesModel, DARKROOM_THREADS: '1', DARKROOM_GPU: 'false' });
  const loaded = await loadLlm(config);
  assert.ok(loaded);
  llm = loaded;
});
after(async () => {
  await llm?.dispose();
  home.cleanup();
});

const story: Omit<GenerateRequest, 'settings'> = { system: 'Tell a story.', messages: [{ role: 'user', content: 'Once upon a time, Lily found a ball.' }] };
const sampled = { ...defaultSettings, temperature: 0.8, max_tokens: 40 };

describe('node-llama-cpp backend (stories260K)', { skip }, () => {
  it('loads the GGUF and describes it: file name, sha256, context size, CPU', async () => {
    assert.equal(llm.info.backend, 'node-llama-cpp');
    assert.equal(llm.info.name, 'stories260K.gguf');
    assert.equal(llm.info.sha256, await hashFile(storiesModel));
    assert.equal(llm.info.gpu, 'CPU', 'the hardware line says CPU when no GPU holds a layer');
    assert.ok(llm.contextSize >= 1024, `context ${llm.contextSize}`);
    assert.equal(llm.info.context_size, llm.contextSize);
    assert.equal(await llm.vramUsedMb(), null);
    assert.equal(llm.threads, 1, 'DARKROOM_THREADS reaches the context');
  });

  it('with DARKROOM_GPU=auto on a machine whose GPU backend holds no layer, says CPU and gives no VRAM figure', async () => {
    const config = loadConfig({ DARKROOM_HOME: home.dir, DARKROOM_LLM_MODEL: storiesModel, DARKROOM_THREADS: '1', DARKROOM_GPU: 'auto' });
    const auto = (await loadLlm(config))!;
    try {
      const { getLlama } = await import('node-llama-cpp');
      const devices = await (await getLlama({ gpu: 'auto', build: 'never' })).getGpuDeviceNames();
      if (devices.length > 0) return void process.stderr.write(`skip: this machine has a GPU (${devices.join(', ')}); the CPU case is not shown here\n`);
      assert.equal(auto.info.gpu, 'CPU');
      assert.equal(await auto.vramUsedMb(), null);
    } finally {
      await auto.dispose();
    }
  });

  it('counts tokens with the model tokenizer', async () => {
    const short = await llm.countTokens('the cat');
    const long = await llm.countTokens('the cat sat on the mat and looked at the big red ball');
    assert.ok(short > 0 && long > short, `${short} / ${long}`);
  });

  it('streams tokens as they are generated, and they add up to the answer', async () => {
    const pieces: string[] = [];
    const result = await llm.generate({ ...story, settings: { ...defaultSettings, max_tokens: 30 }, onToken: (t) => pieces.push(t) });
    assert.ok(pieces.filter((p) => p !== '').length > 3, `${pieces.length} pieces`);
    assert.equal(pieces.join(''), result.text);
    assert.ok(result.text.trim().length > 0);
    assert.equal(result.stop_reason, 'max_tokens');
    assert.equal(result.tokens_out, 30);
    assert.ok(result.tokens_in !== null && result.tokens_in > 5);
    assert.ok(result.ttft_s !== null && result.ttft_s <= result.gen_s);
  });

  it('gives the same text twice for the same seed and settings, whatever ran in between', async () => {
    const first = await llm.generate({ ...story, settings: { ...sampled, seed: 1 } });
    await llm.generate({ system: 'Other.', messages: [{ role: 'user', content: 'Tom had a dog.' }], settings: { ...sampled, seed: 99 } });
    const second = await llm.generate({ ...story, settings: { ...sampled, seed: 1 } });
    assert.equal(second.text, first.text);
    assert.equal(second.prompt, first.prompt);
    const greedyA = await llm.generate({ ...story, settings: { ...defaultSettings, max_tokens: 40 } });
    const greedyB = await llm.generate({ ...story, settings: { ...defaultSettings, max_tokens: 40 } });
    assert.equal(greedyB.text, greedyA.text);
  });

  it('gives the same text from a freshly loaded model, as a replay after a restart would', async () => {
    const before = await llm.generate({ ...story, settings: { ...sampled, seed: 5 } });
    const config = loadConfig({ DARKROOM_HOME: home.dir, DARKROOM_LLM_MODEL: storiesModel, DARKROOM_THREADS: '1', DARKROOM_GPU: 'false' });
    const fresh = await loadLlm(config);
    assert.ok(fresh);
    try {
      assert.equal((await fresh.generate({ ...story, settings: { ...sampled, seed: 5 } })).text, before.text);
    } finally {
      await fresh.dispose();
    }
    assert.equal((await llm.generate({ ...story, settings: { ...sampled, seed: 5 } })).text, before.text, 'disposing one instance leaves the other working');
  });

  it('gives another text for another seed when sampling', async () => {
    const a = await llm.generate({ ...story, settings: { ...sampled, seed: 1 } });
    const b = await llm.generate({ ...story, settings: { ...sampled, seed: 2 } });
    assert.notEqual(a.text, b.text);
  });

  it('stops when aborted and returns what was generated so far', async () => {
    const controller = new AbortController();
    let seen = 0;
    const result = await llm.generate({
      ...story, settings: { ...defaultSettings, max_tokens: 400 }, signal: controller.signal,
      onToken: () => {
        if (++seen === 5) controller.abort();
      },
    });
    assert.equal(result.stop_reason, 'abort');
    assert.ok(result.tokens_out !== null && result.tokens_out < 400, `${result.tokens_out} tokens`);
    const already = new AbortController();
    already.abort();
    const none = await llm.generate({ ...story, settings: defaultSettings, signal: already.signal });
    assert.deepEqual([none.stop_reason, none.text, none.tokens_out], ['abort', '', 0]);
  });

  it('shows the exact rendered prompt, chat template and passages included', async () => {
    const passage: SearchHit = {
      id: 's1:0', corpus: 'film', source_id: 's1', path: '/a/letter.txt', kind: 'letter', title: 'Letter to Marie', page: null,
      char_start: 0, char_end: 30, start_s: null, end_s: null, tc_in: null, tc_out: null, fps: null, reel: null, speaker: null,
      language: 'en', heading: null, text: 'The river rose at dawn.', score: 1, why: { bm25_rank: 1, bm25_score: 3, vector_rank: null, vector_distance: null },
    };
    const built = await buildPrompt({ question: 'When did the river rise?', passages: [passage], history: [], contextSize: llm.contextSize, maxTokens: 20, countTokens: (t) => llm.countTokens(t) });
    const result = await llm.generate({ system: built.system, messages: built.messages, settings: { ...defaultSettings, max_tokens: 20 } });
    assert.equal(built.included, 1);
    assert.match(result.prompt, /\[INST\]/, 'the Llama 2 chat template is applied');
    assert.ok(result.prompt.includes('The river rose at dawn.'));
    assert.ok(result.prompt.includes('Letter to Marie'));
    assert.ok(result.prompt.includes('When did the river rise?'));
    assert.ok(result.tokens_in !== null && result.tokens_in > (await llm.countTokens(built.system)), 'tokens_in counts the whole rendered prompt');
  });

  it('keeps the event loop turning while it generates', async () => {
    let ticks = 0;
    let ticksAtEnd = -1;
    const timer = setInterval(() => ticks++, 2);
    try {
      await llm.generate({ ...story, settings: { ...sampled, seed: 3, max_tokens: 300 }, onToken: () => void 0 });
      ticksAtEnd = ticks;
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticksAtEnd >= 3, `a 2 ms timer fired ${ticksAtEnd} times during generation`);
  });
});
