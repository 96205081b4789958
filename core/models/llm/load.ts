/**
 * Chooses and loads the configured language model: a local GGUF (DARKROOM_LLM_MODEL, node-llama-cpp)
 * or an OpenAI-compatible server (DARKROOM_LLM_URL). Neither configured: null, and the server answers
 * extractively.
 */
import type { Config } from '../../config.ts';
import { DarkroomError } from '../../errors.ts';
import type { SamplingSettings } from '../../protocol/chat.ts';
import type { LlmBackend } from './types.ts';

export type { GenerateRequest, GenerateResult, LlmBackend, ChatTurn } from './types.ts';

/**
 * Sampling used unless a request overrides it. Temperature 0 is greedy decoding: the most likely token
 * every time, so the same prompt gives the same answer (replay depends on it). The seed (42) is recorded
 * and used when a request raises the temperature; top_k 40 and top_p 0.95 only matter then too.
 * max_tokens 512 bounds an answer. threads null: the backend uses DARKROOM_THREADS.
 */
export const defaultSettings: SamplingSettings = Object.freeze({
  seed: 42,
  temperature: 0,
  top_k: 40,
  top_p: 0.95,
  max_tokens: 512,
  threads: null,
});

/**
 * Loads the configured backend, or returns null when neither DARKROOM_LLM_MODEL nor DARKROOM_LLM_URL is set.
 * @throws DarkroomError CONFIG_INVALID when both are set, MODEL_INVALID when the model cannot be loaded.
 */
export async function loadLlm(config: Config): Promise<LlmBackend | null> {
  if (config.llmModel && config.llmUrl) {
    throw new DarkroomError(
      'CONFIG_INVALID',
      `Both DARKROOM_LLM_MODEL (${config.llmModel}) and DARKROOM_LLM_URL (${config.llmUrl}) are set. Unset one: the local GGUF or the studio's server.`,
    );
  }
  if (config.llmModel) {
    const { loadLlamaBackend } = await import('./llama.ts');
    return loadLlamaBackend(config);
  }
  if (config.llmUrl) {
    const { loadOpenAiBackend } = await import('./openai.ts');
    return loadOpenAiBackend(config);
  }
  return null;
}
