/** Answer records for state store tests: real shapes, made-up content. */
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import { extractiveModel } from '../../server/chat/record.ts';

/** An extractive answer record citing passage `src:0` (or the given passages). */
export function answerRecordFixture(id: string, conversation_id: string, question: string, passages: string[] = ['src:0']): AnswerRecord {
  return {
    id,
    conversation_id,
    created_at: new Date().toISOString(),
    question,
    corpus: 'test',
    mode: 'extractive',
    abstained: false,
    abstain_reason: null,
    answer: `answer to ${question}`,
    citations: [],
    dropped_citations: [],
    request: { mode: 'auto', limit: 8, filters: null },
    retrieval: {
      query: question,
      semantic: false,
      notes: [],
      table_version: 3,
      embedder: null,
      passages: passages.map((p, i) => ({ n: i + 1, id: p, score: 0.5, why: { bm25_rank: 1, bm25_score: 2, vector_rank: null, vector_distance: null }, cited: true })),
    },
    model: extractiveModel,
    settings: null,
    prompt: null,
    prompt_messages: null,
    output: `answer to ${question}`,
    cost: { wall_s: 0.1, retrieval_s: 0.01, ttft_s: null, tokens_in: null, tokens_out: null, tokens_per_s: null, peak_rss_mb: 100, vram_mb: null, energy_j: null, notes: [] },
  };
}
