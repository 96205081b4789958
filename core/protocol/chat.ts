/**
 * The chat protocol: one definition of the events, payloads and records shared by the server
 * (HTTP + socket.io), the CLI (`darkroom ask`) and the web UI. Client payloads are validated with zod
 * on receipt; server payloads are typed. The README documents these names.
 *
 * socket.io (default namespace "/"):
 *   client -> server  `ask` AskPayload, `cancel` CancelPayload, `search` SearchPayload
 *   server -> client  `answer:start`, `answer:retrieved`, `answer:token`, `answer:citations`, `answer:done`,
 *                     `answer:error`, `search:result`, `search:error`, `sources:changed`
 */
import { z } from 'zod';
import { sourceKinds, type SearchHit } from '../types.ts';

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 4000;

/** Search filters, shared by every protocol that searches (chat, edit suite). */
export const filtersSchema = z
  .object({
    kind: z.enum(sourceKinds).optional(),
    source: z.string().max(4096).optional(),
    speaker: z.string().max(200).optional(),
    language: z.string().max(8).optional(),
  })
  .strict();

export const askPayloadSchema = z
  .object({
    /** Chosen by the client to match the events of this answer; generated if absent. */
    request_id: z.string().min(1).max(100).optional(),
    question: z.string().trim().min(1, 'the question is empty').max(MAX_QUESTION_CHARS),
    corpus: z.string().min(1).max(64).optional(),
    /** Continue this conversation (follow-up question). */
    conversation_id: z.string().min(1).max(100).optional(),
    /** auto: the LLM if one is configured, else extractive. */
    mode: z.enum(['auto', 'llm', 'extractive']).default('auto'),
    limit: z.number().int().min(1).max(50).optional(),
    filters: filtersSchema.optional(),
    /** Sampling overrides; recorded with the answer. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).max(4096).optional(),
  })
  .strict();
export type AskPayload = z.input<typeof askPayloadSchema>;
export type AskRequest = z.output<typeof askPayloadSchema>;

export const cancelPayloadSchema = z.object({ request_id: z.string().min(1).max(100) }).strict();
export type CancelPayload = z.infer<typeof cancelPayloadSchema>;

export const searchPayloadSchema = z
  .object({
    request_id: z.string().min(1).max(100).optional(),
    query: z.string().trim().min(1, 'the query is empty').max(2000),
    corpus: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    filters: filtersSchema.optional(),
  })
  .strict();
export type SearchPayload = z.input<typeof searchPayloadSchema>;

/** The fields a citation shares with the search hit it comes from (same names, same meaning). */
export type CitedFields = 'source_id' | 'path' | 'kind' | 'title' | 'page' | 'char_start' | 'char_end' | 'start_s' | 'end_s' | 'tc_in' | 'tc_out' | 'match_s' | 'match_tc' | 'fps' | 'reel' | 'speaker' | 'text';

/** A citation: a numbered passage the answer refers to, with everything needed to open or play it. */
export interface Citation extends Pick<SearchHit, CitedFields> {
  /** The number used in the answer text, [n]. */
  n: number;
  passage_id: string;
  /** Quotations the answer attributes to this passage, and whether each exists verbatim in it. */
  quotes: CitedQuote[];
}

/** A quotation of a citation, with the moment its words are spoken when the passage is timed. */
export interface CitedQuote {
  text: string;
  verified: boolean;
  /** Seconds from the start of the file where the quoted words start (their word, else their cue); absent when untimed or not verified. */
  start_s?: number | null;
  /** Where the quoted words end (seconds). */
  end_s?: number | null;
  /** Source timecode of `start_s` (null without a timecode). */
  tc?: string | null;
}

/** A retrieved passage as given to the model: its number in the prompt, and why it was retrieved. */
export interface RetrievedPassage {
  n: number;
  hit: SearchHit;
  /** Whether the answer cites it. Filled at the end. */
  cited: boolean;
}

export interface ModelInfo {
  backend: 'node-llama-cpp' | 'openai-compatible' | 'none';
  name: string;
  /** sha256 of the GGUF file (node-llama-cpp), null for a remote server. */
  sha256: string | null;
  url: string | null;
  context_size: number | null;
  /** Where the model's layers run: "CPU", or the GPU backend and its layer count ("vulkan, 33 layers"); null for a remote server or no model. */
  gpu: string | null;
}

export interface SamplingSettings {
  seed: number;
  temperature: number;
  top_k: number;
  top_p: number;
  max_tokens: number;
  threads: number | null;
}

/** What an answer cost, measured, never estimated. null means "not measurable here" with the reason in `notes`. */
export interface AnswerCost {
  wall_s: number;
  retrieval_s: number;
  ttft_s: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  tokens_per_s: number | null;
  peak_rss_mb: number;
  vram_mb: number | null;
  energy_j: number | null;
  /** e.g. "energy: not measurable here (no RAPL counter readable, no NVIDIA GPU)". */
  notes: string[];
}

/** Length of a recorded passage's `excerpt` (its first words), in characters. */
export const EXCERPT_CHARS = 120;

/**
 * A retrieved passage as the record keeps it: its number in the prompt, why it was retrieved, whether the
 * answer cites it, and where it is (file, page or times, speaker, first words) so the chain panel can say
 * what it was. The place fields are absent from records made before they were kept.
 */
export interface RecordedPassage {
  n: number;
  id: string;
  score: number;
  why: SearchHit['why'];
  cited: boolean;
  source_id?: string;
  path?: string;
  kind?: SearchHit['kind'];
  page?: number | null;
  start_s?: number | null;
  end_s?: number | null;
  tc_in?: string | null;
  tc_out?: string | null;
  speaker?: string | null;
  /** The passage's first {@link EXCERPT_CHARS} characters, whitespace folded. */
  excerpt?: string;
}

/** The provenance record of one answer: enough to understand it and replay it. Stored in lowdb. */
export interface AnswerRecord {
  id: string;
  conversation_id: string;
  /**
   * The user id of who asked (docs/access.md): only they and admins read it. Null or absent: asked at the
   * desk tool (no login) or from the CLI, readable by admins only once logins are on.
   */
  owner?: string | null;
  /**
   * Set when material this answer retrieved or quoted was withdrawn (or removed): the record is then a tombstone
   * (question, answer, citations and prompt emptied; `answer` says what happened and when) and cannot be replayed.
   */
  withdrawn?: { at: string; action: 'withdraw' | 'remove' } | null;
  created_at: string;
  question: string;
  corpus: string | null;
  mode: 'llm' | 'extractive';
  abstained: boolean;
  /** Why Darkroom abstained, or null. */
  abstain_reason: string | null;
  answer: string;
  citations: Citation[];
  /** [n] markers in the output that pointed at no given passage (dropped). */
  dropped_citations: number[];
  retrieval: {
    query: string;
    semantic: boolean;
    notes: string[];
    table_version: number | null;
    embedder: { name: string; sha256: string } | null;
    passages: RecordedPassage[];
  };
  model: ModelInfo;
  settings: SamplingSettings | null;
  /** What was asked for, so that `darkroom replay` can run the same request again. */
  request: { mode: 'auto' | 'llm' | 'extractive'; limit: number; filters: AskRequest['filters'] | null };
  /** The exact prompt sent to the model, as rendered by its chat template (null in extractive mode). */
  prompt: string | null;
  /** The prompt's parts as given to the model (system text and messages), for replay. Null in extractive mode. */
  prompt_messages: { system: string; messages: Array<{ role: 'user' | 'assistant'; content: string }> } | null;
  /** The model's raw output (the answer before citation parsing). */
  output: string;
  cost: AnswerCost;
}

/** A citation with every field of the search hit it points at: the shape of `ask --json` and of POST /api/ask. */
export type CitedHit = SearchHit & { n: number; passage_id: string; quotes: Citation['quotes'] };

/** The JSON answer of POST /api/ask (without streaming) and of `darkroom ask --json`. */
export interface AskResult {
  answer_id: string;
  conversation_id: string;
  answer: string;
  mode: 'llm' | 'extractive';
  abstained: boolean;
  abstain_reason: string | null;
  citations: CitedHit[];
  record: AnswerRecord;
}

/** Events of one answer, in order. The chat service yields them; transports only adapt them. */
export type AnswerEvent =
  | { type: 'start'; request_id: string; answer_id: string; conversation_id: string; mode: 'llm' | 'extractive' }
  | { type: 'retrieved'; request_id: string; passages: RetrievedPassage[]; semantic: boolean; notes: string[] }
  | { type: 'token'; request_id: string; text: string }
  | { type: 'citations'; request_id: string; citations: Citation[]; dropped: number[] }
  | { type: 'done'; request_id: string; record: AnswerRecord }
  | { type: 'error'; request_id: string; error: { code: string; message: string } };

export { answerEventName, clientEvents, serverEvents } from './events.ts';
