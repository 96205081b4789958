/** The provenance record of an answer: drafted once retrieval is done, completed with the output and its cost. */
import type { CostMeter } from '../../core/cost/meter.ts';
import type { GenerateResult, LlmBackend } from '../../core/models/llm/types.ts';
import { EXCERPT_CHARS, type AnswerRecord, type AskRequest, type Citation, type ModelInfo, type RecordedPassage, type SamplingSettings } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';
import type { EmbedderStamp } from '../../core/store/archive.ts';
import type { Retrieval } from './retrieve.ts';

/** The model info of an extractive answer. */
export const extractiveModel: ModelInfo = Object.freeze({ backend: 'none', name: 'extractive', sha256: null, url: null, context_size: null, gpu: null });

/** A record before its answer: the LLM path fills `prompt` and `prompt_messages`. */
export type DraftRecord = Omit<AnswerRecord, 'cost' | 'citations' | 'dropped_citations' | 'answer' | 'output' | 'abstained' | 'abstain_reason'>;

/** What an answer path produced. */
export interface AnswerOutput {
  /** The answer shown. */
  text: string;
  /** The model's raw output (the same as `text` for extractive and abstained answers). */
  output: string;
  citations: Citation[];
  dropped: number[];
  abstain_reason: string | null;
  gen: GenerateResult | null;
}

export function draftRecord(input: {
  answer_id: string;
  conversation_id: string;
  owner: string | null;
  req: AskRequest;
  retrieval: Retrieval;
  stamp: EmbedderStamp | null;
  llm: LlmBackend | null;
  settings: SamplingSettings | null;
}): DraftRecord {
  const { req, retrieval, stamp, llm } = input;
  const { result } = retrieval;
  return {
    id: input.answer_id,
    conversation_id: input.conversation_id,
    owner: input.owner,
    created_at: new Date().toISOString(),
    question: req.question,
    corpus: req.corpus ?? null,
    mode: llm ? 'llm' : 'extractive',
    request: { mode: req.mode, limit: retrieval.limit, filters: req.filters ?? null },
    retrieval: {
      query: retrieval.query,
      semantic: result.semantic,
      notes: result.notes,
      table_version: retrieval.table_version,
      embedder: result.semantic && stamp ? { name: stamp.name, sha256: stamp.sha256 } : null,
      passages: result.hits.map((h, i) => recordPassage(h, i + 1)),
    },
    model: llm ? llm.info : extractiveModel,
    settings: input.settings,
    prompt: null,
    prompt_messages: null,
  };
}

/** A retrieved hit as the record keeps it: number, scores, and where it is with its first words. */
export function recordPassage(h: SearchHit, n: number): RecordedPassage {
  const folded = h.text.replace(/\s+/g, ' ').trim();
  return {
    n,
    id: h.id,
    score: h.score,
    why: h.why,
    cited: false,
    source_id: h.source_id,
    path: h.path,
    kind: h.kind,
    page: h.page,
    start_s: h.start_s,
    end_s: h.end_s,
    tc_in: h.tc_in,
    tc_out: h.tc_out,
    speaker: h.speaker,
    excerpt: folded.length > EXCERPT_CHARS ? `${folded.slice(0, EXCERPT_CHARS)}…` : folded,
  };
}

/** Completes the record: output, citations (marking the cited passages), abstention and measured cost. */
export async function completeRecord(draft: DraftRecord, out: AnswerOutput, cost: { meter: CostMeter; retrieval_s: number; llm: LlmBackend | null }): Promise<AnswerRecord> {
  const cited = new Set(out.citations.map((c) => c.n));
  return {
    ...draft,
    retrieval: { ...draft.retrieval, passages: draft.retrieval.passages.map((p) => ({ ...p, cited: cited.has(p.n) })) },
    abstained: out.abstain_reason !== null,
    abstain_reason: out.abstain_reason,
    answer: out.text,
    citations: out.citations,
    dropped_citations: out.dropped,
    output: out.output,
    cost: cost.meter.finish({
      retrieval_s: cost.retrieval_s,
      ttft_s: out.gen?.ttft_s ?? null,
      tokens_in: out.gen?.tokens_in ?? null,
      tokens_out: out.gen?.tokens_out ?? null,
      gen_s: out.gen?.gen_s ?? null,
      vram_mb: out.gen && cost.llm ? await cost.llm.vramUsedMb() : null,
      generated: out.gen !== null,
    }),
  };
}
