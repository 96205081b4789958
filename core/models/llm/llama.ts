/**
 * The in-process backend: a local GGUF run by node-llama-cpp. One model, one context, one sequence;
 * generations run one at a time (the server's queue bounds how many wait), and each starts from an empty
 * sequence so that an earlier request never changes a later output: same prompt + seed + settings, same text.
 */
import path from 'node:path';
import { getLlama, LlamaChat, LlamaLogLevel, type ChatHistoryItem, type Llama, type LlamaModel, type LlamaContext } from 'node-llama-cpp';
import type { Config } from '../../config.ts';
import { DarkroomError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
import type { ModelInfo } from '../../protocol/chat.ts';
import { hardwareOf } from './hardware.ts';
import { hashModelFile } from './model-hash.ts';
import type { GenerateRequest, GenerateResult, LlmBackend } from './types.ts';

const log = createLogger('llm');

/** Largest context used when neither DARKROOM_LLM_CONTEXT nor a smaller training context says otherwise. */
export const DEFAULT_MAX_CONTEXT = 8192;
/** Smallest context worth running: a chat template plus a few passages. */
export const MIN_CONTEXT = 1024;

/** Loads `config.llmModel` with node-llama-cpp: GPU per DARKROOM_GPU, threads from DARKROOM_THREADS. */
export async function loadLlamaBackend(config: Config): Promise<LlmBackend> {
  const modelPath = config.llmModel;
  if (!modelPath) throw new DarkroomError('CONFIG_INVALID', 'DARKROOM_LLM_MODEL is unset. Set it to a local .gguf file.');
  let llama: Llama;
  let model: LlamaModel;
  let context: LlamaContext;
  try {
    llama = await getLlama({
      gpu: config.gpu === 'false' ? false : config.gpu,
      build: 'never',
      logLevel: LlamaLogLevel.error,
      logger: (level, message) => {
        const fields = { level, message: message.trim() };
        if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) log.warn('llama.cpp', fields);
        else log.debug('llama.cpp', fields);
      },
    });
  } catch (cause) {
    throw new DarkroomError('MODEL_INVALID', `node-llama-cpp could not start (${(cause as Error).message}). Set DARKROOM_GPU=false to run on the CPU, or reinstall with \`npm ci\`.`, { cause });
  }
  try {
    model = await llama.loadModel({ modelPath });
  } catch (cause) {
    throw new DarkroomError('MODEL_INVALID', `Could not load ${modelPath} (${(cause as Error).message}). DARKROOM_LLM_MODEL must be a GGUF model file that llama.cpp reads.`, { cause });
  }
  const wanted = Math.max(MIN_CONTEXT, config.llmContextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT));
  try {
    context = await model.createContext({ contextSize: { min: Math.min(MIN_CONTEXT, wanted), max: wanted }, threads: config.threads, sequences: 1 });
  } catch (cause) {
    await model.dispose();
    throw new DarkroomError('MODEL_INVALID', `Could not allocate a ${wanted}-token context for ${modelPath} (${(cause as Error).message}). Lower DARKROOM_LLM_CONTEXT or use a smaller model.`, { cause });
  }
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence });
  const sha256 = await hashModelFile(modelPath, path.join(config.home, 'cache', 'model-hashes.json'));
  const info: ModelInfo = {
    backend: 'node-llama-cpp',
    name: path.basename(modelPath),
    sha256,
    url: null,
    context_size: context.contextSize,
    gpu: hardwareOf(llama.gpu, model.gpuLayers),
  };
  log.info('model loaded', { model: info.name, context: context.contextSize, gpu: info.gpu, threads: config.threads });

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  async function generateNow(req: GenerateRequest, startedAt: number): Promise<GenerateResult> {
    const history = toChatHistory(req);
    const state = chat.chatWrapper.generateContextState({ chatHistory: history });
    const promptTokens = state.contextText.tokenize(model.tokenizer);
    const prompt = model.detokenize(promptTokens, true);
    const room = context.contextSize - promptTokens.length;
    if (room < 1) {
      throw new DarkroomError('INPUT_INVALID', `The prompt has ${promptTokens.length} tokens but ${info.name}'s context holds ${context.contextSize}. Fit it with buildPrompt, or raise DARKROOM_LLM_CONTEXT.`);
    }
    const elapsed = () => (performance.now() - startedAt) / 1000;
    if (req.signal?.aborted) return { text: '', prompt, tokens_in: promptTokens.length, tokens_out: 0, ttft_s: null, gen_s: elapsed(), stop_reason: 'abort' };
    await sequence.clearHistory();
    let tokensOut = 0;
    let ttft: number | null = null;
    const { settings } = req;
    try {
      const response = await chat.generateResponse(history, {
        maxTokens: Math.min(settings.max_tokens, room),
        temperature: settings.temperature,
        topK: settings.top_k,
        topP: settings.top_p,
        seed: settings.seed,
        signal: req.signal,
        stopOnAbortSignal: true,
        onToken: (tokens) => {
          tokensOut += tokens.length;
        },
        onTextChunk: (text) => {
          ttft ??= elapsed();
          req.onToken?.(text);
        },
      });
      const why = response.metadata.stopReason;
      return {
        text: response.response,
        prompt,
        tokens_in: promptTokens.length,
        tokens_out: tokensOut,
        ttft_s: ttft,
        gen_s: elapsed(),
        stop_reason: why === 'abort' ? 'abort' : why === 'maxTokens' ? 'max_tokens' : 'eos',
      };
    } catch (cause) {
      if (req.signal?.aborted) return { text: '', prompt, tokens_in: promptTokens.length, tokens_out: tokensOut, ttft_s: ttft, gen_s: elapsed(), stop_reason: 'abort' };
      throw new DarkroomError('LLM_FAILED', `Generation with ${info.name} failed: ${(cause as Error).message}`, { cause });
    }
  }

  return {
    info,
    contextSize: context.contextSize,
    threads: context.idealThreads,
    countTokens: (text) => Promise.resolve(model.tokenize(text).length),
    generate(req) {
      const startedAt = performance.now();
      return serial(() => generateNow(req, startedAt));
    },
    async vramUsedMb() {
      // No layer on a GPU: no VRAM figure (a Vulkan loader without a device reported 0 MB, which is no measure).
      if (llama.gpu === false || model.gpuLayers === 0) return null;
      const vram = await llama.getVramState();
      return vram.used / (1024 * 1024);
    },
    async dispose() {
      await queue;
      chat.dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** The node-llama-cpp chat history for a request, ending with the empty model turn to be generated. */
function toChatHistory(req: GenerateRequest): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [{ type: 'system', text: req.system }];
  for (const m of req.messages) {
    history.push(m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] });
  }
  history.push({ type: 'model', response: [] });
  return history;
}
