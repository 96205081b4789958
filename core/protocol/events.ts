/**
 * socket.io event names of the chat protocol. A module of its own, without zod, so that the browser bundle
 * can import the names themselves; core/protocol/chat.ts re-exports them with the payload schemas.
 */
import type { AnswerEvent } from './chat.ts';

/** socket.io event name of each AnswerEvent type. */
export const answerEventName = {
  start: 'answer:start',
  retrieved: 'answer:retrieved',
  token: 'answer:token',
  citations: 'answer:citations',
  done: 'answer:done',
  error: 'answer:error',
} as const satisfies Record<AnswerEvent['type'], string>;

/** Events a client sends, and the other events the server sends. */
export const clientEvents = { ask: 'ask', cancel: 'cancel', search: 'search' } as const;
export const serverEvents = { searchResult: 'search:result', searchError: 'search:error', sourcesChanged: 'sources:changed' } as const;
