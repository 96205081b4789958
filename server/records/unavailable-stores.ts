/**
 * The stores a degraded server runs with when the state store cannot be opened (damaged state.db): every call
 * fails with the STATE_UNAVAILABLE error that explains why and names the fix, while search and playback, which
 * need only the archive, go on. Asking fails before any work (a new conversation id is refused): an answer that
 * cannot be recorded is not given, since every answer must be replayable from its record.
 */
import { DarkroomError } from '../../core/errors.ts';
import type { AnswerStore } from './answer-store.ts';
import type { SelectStore } from '../selects/select-store.ts';

/** The error every call of a degraded store answers: the opening error itself when it is STATE_UNAVAILABLE. */
export function stateUnavailable(cause: unknown, file: string): DarkroomError {
  if (cause instanceof DarkroomError && cause.code === 'STATE_UNAVAILABLE') return cause;
  return new DarkroomError('STATE_UNAVAILABLE', `The state store ${file} cannot be opened (${(cause as Error).message}). Run \`darkroom check\` for what is wrong and how to fix it.`, { cause });
}

/** An answer store whose every call fails with `error` (ids included, so that an ask stops before retrieval). */
export function unavailableAnswerStore(error: DarkroomError, file: string): AnswerStore {
  const fail = (): never => {
    throw error;
  };
  const reject = () => Promise.reject(error);
  return { file, newConversationId: fail, newAnswerId: fail, save: reject, getAnswer: reject, getConversation: reject, listConversations: reject, history: reject, close: () => undefined };
}

/** A select store whose every call fails with `error`. */
export function unavailableSelectStore(error: DarkroomError, file: string): SelectStore {
  const reject = () => Promise.reject(error);
  return { file, list: reject, add: reject, remove: reject, reorder: reject, update: reject, clear: reject, close: () => undefined };
}
