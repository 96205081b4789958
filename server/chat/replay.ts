/**
 * Replay: regenerate an answer from its record and say whether the output is byte-identical.
 * An LLM answer is regenerated from its recorded prompt and settings with the same model (checked by sha256);
 * an extractive or abstained answer is recomputed by the chat service from the same request.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { AnswerRecord } from '../../core/protocol/chat.ts';
import type { ChatDeps, ChatService } from './service.ts';
import { unknownAnswer } from '../../core/access/missing.ts';

export interface ReplayResult {
  answer_id: string;
  mode: AnswerRecord['mode'];
  identical: boolean;
  /** The recorded output and the new one. */
  original: string;
  replayed: string;
  /** The archive's passages table version when the answer was made, and now. */
  table_version: { recorded: number | null; now: number | null };
  /** For an LLM answer: whether the rendered prompt was the same too. */
  same_prompt: boolean | null;
  notes: string[];
}

/** Replays the answer `id`. @throws ANSWER_UNKNOWN, ANSWER_WITHDRAWN, LLM_UNAVAILABLE, MODEL_MISMATCH. */
export async function replayAnswer(deps: ChatDeps & { chat: ChatService }, id: string, scope: { corpora?: readonly string[] | null } = {}): Promise<ReplayResult> {
  const record = await deps.store.getAnswer(id);
  if (!record) throw unknownAnswer(id);
  if (record.withdrawn) {
    const what = record.withdrawn.action === 'withdraw' ? 'withdrawn' : 'removed from the archive';
    throw new DarkroomError('ANSWER_WITHDRAWN', `Answer ${id} cannot be replayed: material it used was ${what} on ${record.withdrawn.at.slice(0, 10)}, and its question and answer were erased with it.`);
  }
  const now = await deps.archive.version();
  const base = { answer_id: id, mode: record.mode, original: record.output, table_version: { recorded: record.retrieval.table_version, now } };
  const notes: string[] = [];
  if (now !== record.retrieval.table_version) notes.push(`the archive changed since the answer (table version ${record.retrieval.table_version} then, ${now} now).`);

  const { prompt_messages: messages, settings } = record;
  if (messages && settings) {
    const llm = await deps.llm();
    if (!llm) throw new DarkroomError('LLM_UNAVAILABLE', `Answer ${id} came from ${record.model.name}; configure that model (DARKROOM_LLM_MODEL or DARKROOM_LLM_URL) to replay it.`);
    if (record.model.sha256 && llm.info.sha256 !== record.model.sha256) {
      throw new DarkroomError(
        'MODEL_MISMATCH',
        `Answer ${id} came from ${record.model.name} (sha256 ${record.model.sha256.slice(0, 12)}…), not the configured ${llm.info.name} (sha256 ${(llm.info.sha256 ?? 'unknown').slice(0, 12)}…). Set DARKROOM_LLM_MODEL to the recorded model to replay.`,
      );
    }
    if (!record.model.sha256) notes.push('the recorded model has no file hash (remote server): identity of the model cannot be checked.');
    const result = await deps.queue.run(undefined, () => llm.generate({ system: messages.system, messages: messages.messages, settings }));
    return { ...base, identical: result.text === record.output, replayed: result.text, same_prompt: result.prompt === record.prompt, notes };
  }

  const events = deps.chat.ask(
    { question: record.retrieval.query, corpus: record.corpus ?? undefined, mode: 'extractive', limit: record.request.limit, filters: record.request.filters ?? undefined },
    { save: false, corpora: scope.corpora ?? null },
  );
  let replayed: string | null = null;
  for await (const event of events) {
    if (event.type === 'error') throw new DarkroomError('INTERNAL', `Replaying ${id} failed: ${event.error.message}`);
    if (event.type === 'done') replayed = event.record.output;
  }
  if (record.mode === 'llm') notes.push('the LLM abstained on evidence before generating: replayed the retrieval and evidence check.');
  return { ...base, identical: replayed === record.output, replayed: replayed ?? '', same_prompt: null, notes };
}
