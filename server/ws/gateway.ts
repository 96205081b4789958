/**
 * The socket.io gateway of the default namespace: `ask`, `cancel` and `search` from a client, validated with
 * the zod schemas of core/protocol/chat.ts; the answer's events back to that client only. A bad payload gets
 * an error event and the connection stays open; a client that disconnects cancels its answers.
 */
import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { answerEventName, askPayloadSchema, cancelPayloadSchema, clientEvents, searchPayloadSchema, serverEvents, type AnswerEvent } from '../../core/protocol/chat.ts';
import { searchArchive } from '../../core/search/search.ts';
import type { ChatDeps, ChatService } from '../chat/service.ts';
import { createClientBudget, runBounded, searchLimits, type ClientBudget, type WorkGate } from '../chat/work-gate.ts';
import { requestIdOf, validatePayload } from '../validate.ts';
import { searchScope } from '../../core/access/policy.ts';
import { socketIdentity } from '../access/identity.ts';

const log = createLogger('ws');

/** Answers one client may run at once (more wait in the generation queue anyway; this bounds one client's share). */
export const MAX_ANSWERS_PER_CLIENT = 4;

type GatewayDeps = ChatDeps & { chat: ChatService; searchGate: WorkGate };

/** Registers the default namespace's events. Searches: at most {@link searchLimits}.perClient per socket, within the server's gate. */
export function attachChatGateway(io: Server, deps: GatewayDeps): void {
  const budget = createClientBudget({ max: searchLimits.perClient, what: 'searches', who: 'connection' });
  io.on('connection', (socket) => handleClient(socket, deps, budget));
}

function handleClient(socket: Socket, deps: GatewayDeps, budget: ClientBudget): void {
  const running = new Map<string, AbortController>();
  /** Aborted when the client leaves: its searches still waiting for a slot leave the line. */
  const gone = new AbortController();
  const sendError = (request_id: string, err: unknown) => {
    const event: AnswerEvent = { type: 'error', request_id, error: toDarkroomError(err).toJSON() };
    socket.emit(answerEventName.error, event);
  };

  socket.on(clientEvents.ask, async (raw: unknown) => {
    let request_id = requestIdOf(raw);
    try {
      const payload = validatePayload(askPayloadSchema, raw, 'ask payload');
      request_id = payload.request_id ?? `req_${randomUUID().slice(0, 8)}`;
      if (running.has(request_id)) throw new DarkroomError('INPUT_INVALID', `An answer with request_id "${request_id}" is already running on this connection: use a new request_id.`);
      if (running.size >= MAX_ANSWERS_PER_CLIENT) throw new DarkroomError('BUSY', `This connection already has ${running.size} answers running. Wait for one to finish or cancel it.`);
      const controller = new AbortController();
      running.set(request_id, controller);
      try {
        const identity = socketIdentity(socket);
        for await (const event of deps.chat.ask({ ...payload, request_id }, { signal: controller.signal, owner: identity.userId, corpora: searchScope(identity), actor: { name: identity.name, via: identity.via } })) {
          if (!socket.connected) break;
          socket.emit(answerEventName[event.type], event);
        }
      } finally {
        running.delete(request_id);
      }
    } catch (err) {
      sendError(request_id, err);
    }
  });

  socket.on(clientEvents.cancel, (raw: unknown) => {
    try {
      const { request_id } = validatePayload(cancelPayloadSchema, raw, 'cancel payload');
      running.get(request_id)?.abort();
    } catch (err) {
      sendError(requestIdOf(raw), err);
    }
  });

  socket.on(clientEvents.search, async (raw: unknown) => {
    let request_id = requestIdOf(raw);
    try {
      const payload = validatePayload(searchPayloadSchema, raw, 'search payload');
      request_id = payload.request_id ?? request_id;
      const search = async () => searchArchive(deps.archive, await deps.embedder(), { ...payload, corpora: searchScope(socketIdentity(socket)), fusion: deps.fusion });
      const result = await runBounded(deps.searchGate, budget, socket.id, search, gone.signal);
      socket.emit(serverEvents.searchResult, { request_id, query: payload.query, semantic: result.semantic, notes: result.notes, empty: result.empty, ms: result.ms, hits: result.hits });
    } catch (err) {
      socket.emit(serverEvents.searchError, { request_id, error: toDarkroomError(err).toJSON() });
    }
  });

  socket.on('disconnect', () => {
    gone.abort();
    if (running.size > 0) log.info('client left: cancelling its answers', { answers: running.size });
    for (const controller of running.values()) controller.abort();
    running.clear();
  });
}
