/**
 * The chat service: a question's whole path (retrieval, evidence, prompt, generation, citations, record)
 * as an async iterable of {@link AnswerEvent}s. Transports (HTTP, socket.io, CLI) only adapt it; aborting
 * the signal stops the generation and ends the stream with a CANCELLED error (no record is kept).
 */
import { randomUUID } from 'node:crypto';
import { startCostMeter } from '../../core/cost/meter.ts';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import type { Embedder } from '../../core/models/embedder.ts';
import { defaultSettings } from '../../core/models/llm/load.ts';
import type { GenerateResult, LlmBackend } from '../../core/models/llm/types.ts';
import type { AnswerEvent, AnswerRecord, AskRequest, Citation, ModelInfo, SamplingSettings } from '../../core/protocol/chat.ts';
import { searchArchive } from '../../core/search/search.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SearchHit } from '../../core/types.ts';
import type { AnswerStore } from '../records/answer-store.ts';
import { createChannel } from './channel.ts';
import { parseCitations } from './citations.ts';
import { assessEvidence, CORPUS_CHECK_BELOW, distinctiveTerms, saysNotFound, withCorpusCheck, type Evidence } from './evidence.ts';
import { answerExtractively } from './extractive.ts';
import { buildPrompt, saysNotInArchive } from './prompt.ts';
import type { GenerationQueue } from './queue.ts';

/** Passages retrieved per question unless the request says otherwise. */
export const DEFAULT_PASSAGES = 8;

export interface ChatDeps {
  archive: Archive;
  /** The configured embedder, or null (full-text retrieval only). */
  embedder(): Promise<Embedder | null>;
  /** The configured language model, or null (extractive answers only). */
  llm(): Promise<LlmBackend | null>;
  store: AnswerStore;
  queue: GenerationQueue;
}

export interface AskOptions {
  signal?: AbortSignal | undefined;
  /** Keep the answer's record (default true; replay of an extractive answer passes false). */
  save?: boolean;
}

export interface ChatService {
  ask(request: AskRequest, options?: AskOptions): AsyncIterable<AnswerEvent>;
}

/** The model info of an extractive answer. */
export const extractiveModel: ModelInfo = Object.freeze({ backend: 'none', name: 'extractive', sha256: null, url: null, context_size: null, gpu: null });

type Draft = Omit<AnswerRecord, 'cost' | 'citations' | 'dropped_citations' | 'answer' | 'output' | 'abstained' | 'abstain_reason'>;

export function createChatService(deps: ChatDeps): ChatService {
  return {
    async *ask(request, options = {}) {
      const request_id = request.request_id ?? `req_${randomUUID().slice(0, 8)}`;
      try {
        yield* answer(deps, { ...request, request_id }, options.signal, options.save ?? true);
      } catch (err) {
        const error = options.signal?.aborted ? new DarkroomError('CANCELLED', 'The question was cancelled.') : toDarkroomError(err);
        yield { type: 'error', request_id, error: error.toJSON() };
      }
    },
  };
}

async function* answer(deps: ChatDeps, req: AskRequest & { request_id: string }, signal: AbortSignal | undefined, save: boolean): AsyncGenerator<AnswerEvent> {
  const { request_id } = req;
  const meter = startCostMeter();
  const llm = req.mode === 'extractive' ? null : await deps.llm();
  if (req.mode === 'llm' && !llm) {
    throw new DarkroomError('LLM_UNAVAILABLE', 'No language model is configured, so only extractive answers are possible. Set DARKROOM_LLM_MODEL (a local GGUF) or DARKROOM_LLM_URL, or ask with mode "extractive".');
  }
  const mode = llm ? 'llm' : 'extractive';

  let conversation_id = req.conversation_id;
  let history: Array<{ question: string; answer: string }> = [];
  if (conversation_id) {
    if (!(await deps.store.getConversation(conversation_id))) {
      throw new DarkroomError('NOT_FOUND', `No conversation "${conversation_id}". Leave conversation_id out to start a new one (GET /api/conversations lists them).`);
    }
    history = await deps.store.history(conversation_id);
  } else {
    conversation_id = deps.store.newConversationId();
  }
  const answer_id = deps.store.newAnswerId();
  yield { type: 'start', request_id, answer_id, conversation_id, mode };

  // A follow-up such as "and what did she do next?" has few words of its own: retrieve with the previous question too.
  const previous = history.at(-1)?.question;
  const query = previous && distinctiveTerms(req.question).terms.length < 2 ? `${previous} ${req.question}` : req.question;
  const retrievalStart = performance.now();
  const limit = req.limit ?? DEFAULT_PASSAGES;
  const result = await searchArchive(deps.archive, await deps.embedder(), { query, corpus: req.corpus, limit, filters: req.filters });
  const table_version = await deps.archive.version();
  const retrieval_s = (performance.now() - retrievalStart) / 1000;
  if (signal?.aborted) throw new DarkroomError('CANCELLED', 'The question was cancelled.');
  const hits = result.hits;
  const evidence = await checkEvidence(deps.archive, req.corpus, query, hits);
  const stamp = deps.archive.embedder;
  const settings: SamplingSettings | null = llm
    ? { ...defaultSettings, seed: req.seed ?? defaultSettings.seed, temperature: req.temperature ?? defaultSettings.temperature, max_tokens: req.max_tokens ?? defaultSettings.max_tokens }
    : null;
  const draft: Draft = {
    id: answer_id,
    conversation_id,
    created_at: new Date().toISOString(),
    question: req.question,
    corpus: req.corpus ?? null,
    mode,
    request: { mode: req.mode, limit, filters: req.filters ?? null },
    retrieval: {
      query,
      semantic: result.semantic,
      notes: result.notes,
      table_version,
      embedder: result.semantic && stamp ? { name: stamp.name, sha256: stamp.sha256 } : null,
      passages: hits.map((h, i) => ({ n: i + 1, id: h.id, score: h.score, why: h.why, cited: false })),
    },
    model: llm ? llm.info : extractiveModel,
    settings,
    prompt: null,
    prompt_messages: null,
  };

  const finish = async (out: { text: string; output: string; citations: Citation[]; dropped: number[]; abstain_reason: string | null; gen: GenerateResult | null }) => {
    const cited = new Set(out.citations.map((c) => c.n));
    const record: AnswerRecord = {
      ...draft,
      retrieval: { ...draft.retrieval, passages: draft.retrieval.passages.map((p) => ({ ...p, cited: cited.has(p.n) })) },
      abstained: out.abstain_reason !== null,
      abstain_reason: out.abstain_reason,
      answer: out.text,
      citations: out.citations,
      dropped_citations: out.dropped,
      output: out.output,
      cost: meter.finish({
        retrieval_s,
        ttft_s: out.gen?.ttft_s ?? null,
        tokens_in: out.gen?.tokens_in ?? null,
        tokens_out: out.gen?.tokens_out ?? null,
        gen_s: out.gen?.gen_s ?? null,
        vram_mb: llm ? await llm.vramUsedMb() : null,
      }),
    };
    if (save) await deps.store.save(record);
    return record;
  };
  const retrieved = (count: number): AnswerEvent => ({
    type: 'retrieved',
    request_id,
    passages: hits.slice(0, count).map((hit, i) => ({ n: i + 1, hit, cited: false })),
    semantic: result.semantic,
    notes: result.notes,
  });

  if (!evidence.answerable) {
    const text = `The archive does not seem to hold the answer: ${evidence.reason ?? 'nothing retrieved supports one.'}`;
    yield retrieved(hits.length);
    yield { type: 'token', request_id, text };
    yield { type: 'citations', request_id, citations: [], dropped: [] };
    yield { type: 'done', request_id, record: await finish({ text, output: text, citations: [], dropped: [], abstain_reason: `evidence: ${evidence.reason}`, gen: null }) };
    return;
  }

  if (!llm || !settings) {
    const extractive = answerExtractively(hits, evidence.terms, evidence.supporting);
    yield retrieved(hits.length);
    for (const line of extractive.text.split('\n')) yield { type: 'token', request_id, text: line + '\n' };
    const text = extractive.text + '\n';
    yield { type: 'citations', request_id, citations: extractive.citations, dropped: [] };
    yield { type: 'done', request_id, record: await finish({ text, output: text, citations: extractive.citations, dropped: [], abstain_reason: null, gen: null }) };
    return;
  }

  const gen = yield* generate(llm, settings, { queue: deps.queue, req, hits, history, draft, signal });
  const given = hits.slice(0, gen.included);
  const parsed = parseCitations(gen.result.text, given);
  const refused = saysNotInArchive(gen.result.text) || saysNotFound(gen.result.text);
  const citations = refused ? [] : parsed.citations;
  yield { type: 'citations', request_id, citations, dropped: parsed.dropped };
  const record = await finish({
    text: gen.result.text,
    output: gen.result.text,
    citations,
    dropped: parsed.dropped,
    abstain_reason: refused ? 'model: the answer says the passages do not hold it' : null,
    gen: gen.result,
  });
  yield { type: 'done', request_id, record };
}

/** Assesses the evidence, then looks up in the whole corpus the question terms no retrieved passage holds (see {@link withCorpusCheck}). */
async function checkEvidence(archive: Archive, corpus: string | undefined, query: string, hits: SearchHit[]): Promise<Evidence> {
  const evidence = assessEvidence(query, hits);
  if (!evidence.answerable || evidence.unmatched.length === 0 || evidence.coverage >= CORPUS_CHECK_BELOW) return evidence;
  const absent: string[] = [];
  for (const term of evidence.unmatched) {
    const found = await searchArchive(archive, null, { query: term, corpus, limit: 1 });
    if (found.hits.length === 0) absent.push(term);
  }
  return withCorpusCheck(evidence, absent);
}

/**
 * Waits for a slot in the queue, fits the prompt, and streams the model's tokens as events; fills the
 * draft's prompt fields and returns the model's result with the number of passages the prompt holds.
 */
async function* generate(
  llm: LlmBackend,
  settings: SamplingSettings,
  ctx: {
    queue: GenerationQueue;
    req: AskRequest & { request_id: string };
    hits: SearchHit[];
    history: Array<{ question: string; answer: string }>;
    draft: Draft;
    signal: AbortSignal | undefined;
  },
): AsyncGenerator<AnswerEvent, { result: GenerateResult; included: number }> {
  const { request_id } = ctx.req;
  const channel = createChannel<AnswerEvent>();
  const work = ctx.queue.run(ctx.signal, async () => {
    const prompt = await buildPrompt({
      question: ctx.req.question,
      passages: ctx.hits,
      history: ctx.history,
      contextSize: llm.contextSize,
      maxTokens: settings.max_tokens,
      countTokens: (text) => llm.countTokens(text),
    });
    channel.push({
      type: 'retrieved',
      request_id,
      passages: ctx.hits.slice(0, prompt.included).map((hit, i) => ({ n: i + 1, hit, cited: false })),
      semantic: ctx.draft.retrieval.semantic,
      notes: ctx.draft.retrieval.notes,
    });
    const result = await llm.generate({
      system: prompt.system,
      messages: prompt.messages,
      settings,
      signal: ctx.signal,
      onToken: (text) => channel.push({ type: 'token', request_id, text }),
    });
    ctx.draft.prompt = result.prompt;
    ctx.draft.prompt_messages = { system: prompt.system, messages: prompt.messages };
    return { result, included: prompt.included };
  });
  work.catch(() => undefined).finally(() => channel.close());
  yield* channel;
  const out = await work;
  if (out.result.stop_reason === 'abort' || ctx.signal?.aborted) throw new DarkroomError('CANCELLED', 'The question was cancelled; its partial answer is not kept.');
  return out;
}
