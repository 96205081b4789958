/**
 * The LLM path of an answer: wait for a slot in the generation queue, fit the prompt to the model's
 * context, and stream the model's text as token events while it is written.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { GenerateResult, LlmBackend } from '../../core/models/llm/types.ts';
import type { AnswerEvent, SamplingSettings } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';
import { createChannel } from './channel.ts';
import { buildPrompt } from './prompt.ts';
import type { GenerationQueue } from './queue.ts';
import type { DraftRecord } from './record.ts';

export interface GenerationInput {
  llm: LlmBackend;
  settings: SamplingSettings;
  queue: GenerationQueue;
  request_id: string;
  question: string;
  hits: SearchHit[];
  history: Array<{ question: string; answer: string }>;
  /** Its `prompt` and `prompt_messages` are filled once the prompt is built. */
  draft: DraftRecord;
  signal: AbortSignal | undefined;
}

/**
 * Yields `retrieved` (the passages the prompt holds, numbered [1]..[n]) and `token` events; returns the
 * model's result and the number of passages given.
 * @throws DarkroomError CANCELLED when the signal aborts (the partial answer is dropped).
 */
export async function* streamGeneration(input: GenerationInput): AsyncGenerator<AnswerEvent, { result: GenerateResult; included: number }> {
  const { llm, settings, request_id, draft } = input;
  const channel = createChannel<AnswerEvent>();
  const work = input.queue.run(input.signal, async () => {
    const prompt = await buildPrompt({
      question: input.question,
      passages: input.hits,
      history: input.history,
      contextSize: llm.contextSize,
      maxTokens: settings.max_tokens,
      countTokens: (text) => llm.countTokens(text),
    });
    channel.push({
      type: 'retrieved',
      request_id,
      passages: input.hits.slice(0, prompt.included).map((hit, i) => ({ n: i + 1, hit, cited: false })),
      semantic: draft.retrieval.semantic,
      notes: draft.retrieval.notes,
    });
    const result = await llm.generate({
      system: prompt.system,
      messages: prompt.messages,
      settings,
      signal: input.signal,
      onToken: (text) => channel.push({ type: 'token', request_id, text }),
    });
    draft.prompt = result.prompt;
    draft.prompt_messages = { system: prompt.system, messages: prompt.messages };
    return { result, included: prompt.included };
  });
  work.catch(() => undefined).finally(() => channel.close());
  yield* channel;
  const out = await work;
  if (out.result.stop_reason === 'abort' || input.signal?.aborted) throw new DarkroomError('CANCELLED', 'The question was cancelled; its partial answer is not kept.');
  return out;
}
