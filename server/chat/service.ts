/**
 * The chat service: a question's whole path (retrieval, evidence, prompt, generation, citations, record)
 * as an async iterable of {@link AnswerEvent}s. Transports (HTTP, socket.io, CLI) only adapt it; aborting
 * the signal stops the generation and ends the stream with a CANCELLED error (no record is kept).
 */
import { randomUUID } from 'node:crypto';
import { startCostMeter } from '../../core/cost/meter.ts';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import type { Embedder } from '../../core/models/embedder.ts';
import type { FusionWeights } from '../../core/search/search.ts';
import { defaultSettings } from '../../core/models/llm/load.ts';
import type { LlmBackend } from '../../core/models/llm/types.ts';
import type { AnswerEvent, AnswerRecord, AskRequest, SamplingSettings } from '../../core/protocol/chat.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { AuditInput } from '../../core/store/state/access/audit.ts';
import type { SearchHit } from '../../core/types.ts';
import { createLogger } from '../../core/logger.ts';
import type { AnswerStore } from '../records/answer-store.ts';
import { parseCitations } from './citations.ts';
import { saysNotFound } from './evidence.ts';
import { answerExtractively } from './extractive.ts';
import { detectLanguage } from '../../core/lang/detect.ts';
import { streamGeneration } from './generate.ts';
import { saysNotInArchive } from './prompt.ts';
import type { GenerationQueue } from './queue.ts';
import { completeRecord, draftRecord, type AnswerOutput } from './record.ts';
import { retrieveForQuestion } from './retrieve.ts';
import { unknownConversation } from '../../core/access/missing.ts';

const log = createLogger('chat');

export { extractiveModel } from './record.ts';
export { DEFAULT_PASSAGES } from './retrieve.ts';

export interface ChatDeps {
  archive: Archive;
  /** The configured embedder, or null (full-text retrieval only). */
  embedder(): Promise<Embedder | null>;
  /** The configured language model, or null (extractive answers only). */
  llm(): Promise<LlmBackend | null>;
  store: AnswerStore;
  queue: GenerationQueue;
  /** Fusion weights of hybrid search (from DARKROOM_VECTOR_WEIGHT); default: the measured ones. */
  fusion?: Partial<FusionWeights> | undefined;
  /** The audit trail (core/store/state/access/audit.ts): each kept answer is written there. Absent: no audit. */
  audit?: ((entry: AuditInput) => void) | undefined;
}

export interface AskOptions {
  signal?: AbortSignal | undefined;
  /** Keep the answer's record (default true; replay of an extractive answer passes false). */
  save?: boolean;
  /** The user id the record belongs to (core/access); null or absent: the desk tool or the CLI. */
  owner?: string | null | undefined;
  /** Corpora the asker may read: the search is limited to them (null or absent: every corpus). */
  corpora?: readonly string[] | null | undefined;
  /** Who asked, for the audit trail: a user name and how they signed in (absent: the local operator). */
  actor?: { name: string | null; via: string | null } | undefined;
}

export interface ChatService {
  ask(request: AskRequest, options?: AskOptions): AsyncIterable<AnswerEvent>;
}

export function createChatService(deps: ChatDeps): ChatService {
  return {
    async *ask(request, options = {}) {
      const request_id = request.request_id ?? `req_${randomUUID().slice(0, 8)}`;
      try {
        yield* answer(deps, { ...request, request_id }, options);
      } catch (err) {
        const error = options.signal?.aborted ? new DarkroomError('CANCELLED', 'The question was cancelled.') : toDarkroomError(err);
        yield { type: 'error', request_id, error: error.toJSON() };
      }
    },
  };
}

async function* answer(deps: ChatDeps, req: AskRequest & { request_id: string }, options: AskOptions): AsyncGenerator<AnswerEvent> {
  const { request_id } = req;
  const { signal } = options;
  const save = options.save ?? true;
  const meter = startCostMeter();
  const llm = await chooseModel(deps, req.mode);
  const { conversation_id, history } = await openConversation(deps.store, req.conversation_id);
  const answer_id = deps.store.newAnswerId();
  yield { type: 'start', request_id, answer_id, conversation_id, mode: llm ? 'llm' : 'extractive' };

  const retrieval = await retrieveForQuestion(deps, req, history, options.corpora ?? null);
  if (signal?.aborted) throw new DarkroomError('CANCELLED', 'The question was cancelled.');
  const { hits, semantic, notes } = retrieval.result;
  const { evidence } = retrieval;
  const settings: SamplingSettings | null = llm
    ? {
        ...defaultSettings,
        seed: req.seed ?? defaultSettings.seed,
        temperature: req.temperature ?? defaultSettings.temperature,
        max_tokens: req.max_tokens ?? defaultSettings.max_tokens,
        threads: llm.threads ?? null,
      }
    : null;
  const draft = draftRecord({ answer_id, conversation_id, owner: options.owner ?? null, req, retrieval, stamp: deps.archive.embedder, llm, settings });
  const finish = async (out: AnswerOutput): Promise<AnswerRecord> => {
    const record = await completeRecord(draft, out, { meter, retrieval_s: retrieval.retrieval_s, llm });
    if (save) {
      await deps.store.save(record);
      auditAnswer(deps, options, record, hits);
    }
    return record;
  };
  const allRetrieved: AnswerEvent = { type: 'retrieved', request_id, passages: hits.map((hit, i) => ({ n: i + 1, hit, cited: false })), semantic, notes };

  if (!evidence.answerable) {
    const text = evidence.empty ? (evidence.reason ?? '') : `The archive does not seem to hold the answer: ${evidence.reason ?? 'nothing retrieved supports one.'}`;
    yield allRetrieved;
    yield { type: 'token', request_id, text };
    yield { type: 'citations', request_id, citations: [], dropped: [] };
    yield { type: 'done', request_id, record: await finish({ text, output: text, citations: [], dropped: [], abstain_reason: `evidence: ${evidence.reason}`, gen: null }) };
    return;
  }

  if (!llm || !settings) {
    const extractive = answerExtractively(hits, evidence.terms, evidence.supporting, detectLanguage(req.question));
    yield allRetrieved;
    for (const line of extractive.text.split('\n')) yield { type: 'token', request_id, text: line + '\n' };
    const text = extractive.text + '\n';
    yield { type: 'citations', request_id, citations: extractive.citations, dropped: [] };
    yield { type: 'done', request_id, record: await finish({ text, output: text, citations: extractive.citations, dropped: [], abstain_reason: null, gen: null }) };
    return;
  }

  const gen = yield* streamGeneration({ llm, settings, queue: deps.queue, request_id, question: req.question, hits, history, draft, signal });
  const text = gen.result.text;
  const parsed = parseCitations(text, hits.slice(0, gen.included));
  // The model's own judgement: when it says the passages do not hold the answer, it cites nothing.
  const refused = saysNotInArchive(text) || saysNotFound(text);
  const citations = refused ? [] : parsed.citations;
  yield { type: 'citations', request_id, citations, dropped: parsed.dropped };
  const abstain_reason = refused ? 'model: the answer says the passages do not hold it' : null;
  yield { type: 'done', request_id, record: await finish({ text, output: text, citations, dropped: parsed.dropped, abstain_reason, gen: gen.result }) };
}

/** The model for this answer: none for extractive; the configured one for auto; LLM_UNAVAILABLE when llm is asked of a server without one. */
async function chooseModel(deps: ChatDeps, mode: AskRequest['mode']): Promise<LlmBackend | null> {
  if (mode === 'extractive') return null;
  const llm = await deps.llm();
  if (mode === 'llm' && !llm) {
    throw new DarkroomError('LLM_UNAVAILABLE', 'No language model is configured, so only extractive answers are possible. Set DARKROOM_LLM_MODEL (a local GGUF) or DARKROOM_LLM_URL, or ask with mode "extractive".');
  }
  return llm;
}

/** The conversation this question continues (with its history), or a new one. */
async function openConversation(store: AnswerStore, id: string | undefined): Promise<{ conversation_id: string; history: Array<{ question: string; answer: string }> }> {
  if (!id) return { conversation_id: store.newConversationId(), history: [] };
  if (!(await store.getConversation(id))) {
    throw unknownConversation(id);
  }
  return { conversation_id: id, history: await store.history(id) };
}

/** Writes who asked what, in which corpus, and which sources were retrieved and cited (ids only; the question is a redactable payload). */
function auditAnswer(deps: ChatDeps, options: AskOptions, record: AnswerRecord, hits: SearchHit[]): void {
  if (!deps.audit) return;
  const unique = (ids: string[]) => [...new Set(ids)];
  try {
    deps.audit({
      actor: options.actor?.name ?? 'local',
      via: options.actor?.via ?? 'local',
      action: 'ask',
      corpus: record.corpus,
      target: record.id,
      payload: record.question,
      details: { conversation: record.conversation_id, mode: record.mode, abstained: record.abstained, retrieved: unique(hits.map((h) => h.source_id)), cited: unique(record.citations.map((c) => c.source_id)) },
    });
  } catch (err) {
    log.error('cannot write the audit trail', { answer: record.id, err });
  }
}
