/** Gathers an answer's events into its JSON result (POST /api/ask without streaming, `darkroom ask --json`). */
import { DarkroomError, errorCodes, type ErrorCode } from '../../core/errors.ts';
import type { AnswerEvent, AskResult, CitedHit } from '../../core/protocol/chat.ts';
import type { SearchHit } from '../../core/types.ts';

/**
 * Consumes the events and returns the answer with its citations as full search hits.
 * @throws DarkroomError with the code of the answer's error event.
 */
export async function collectAnswer(events: AsyncIterable<AnswerEvent>): Promise<AskResult> {
  const hits = new Map<number, SearchHit>();
  for await (const event of events) {
    if (event.type === 'retrieved') for (const p of event.passages) hits.set(p.n, p.hit);
    if (event.type === 'error') {
      const code = (event.error.code in errorCodes ? event.error.code : 'INTERNAL') as ErrorCode;
      throw new DarkroomError(code, event.error.message);
    }
    if (event.type === 'done') {
      const { record } = event;
      const citations: CitedHit[] = record.citations.flatMap((c) => {
        const hit = hits.get(c.n);
        return hit ? [{ ...hit, n: c.n, passage_id: c.passage_id, quotes: c.quotes }] : [];
      });
      return {
        answer_id: record.id,
        conversation_id: record.conversation_id,
        answer: record.answer,
        mode: record.mode,
        abstained: record.abstained,
        abstain_reason: record.abstain_reason,
        citations,
        record,
      };
    }
  }
  throw new DarkroomError('INTERNAL', 'The answer ended without a result. Please report it with the server log.');
}
