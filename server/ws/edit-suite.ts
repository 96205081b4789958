/**
 * The edit-suite gateway: socket.io namespace `/edit` for NLE panels (protocol in docs/protocol/edit-suite.md).
 * A client says `hello` with the protocol version it speaks, then asks, searches, asks "what is said here",
 * and edits and exports its select list; every reply carries the request's `request_id` and is also given
 * to the socket.io acknowledgement callback when the client sends one. Errors: an `error` event
 * `{ code, message, request_id }`; the connection stays open.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { projectRoot } from '../../core/config.ts';
import { DarkroomError, errorCodes, toDarkroomError, type ErrorCode } from '../../core/errors.ts';
import type { Embedder } from '../../core/models/embedder.ts';
import { searchArchive, type FusionWeights } from '../../core/search/search.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SourceRecord } from '../../core/types.ts';
import type { ChatService } from '../chat/service.ts';
import { createClientBudget, createWorkGate, runBounded, searchLimits, type ClientBudget, type WorkGate } from '../chat/work-gate.ts';
import { exportRateNames } from '../exports/export-rate.ts';
import { exportFormatNames } from '../exports/types.ts';
import { mediaInfoOf } from '../selects/clip-source.ts';
import type { SelectsService } from '../selects/selects-service.ts';
import { validate } from '../selects/validate.ts';
import { requestIdOf } from '../validate.ts';
import { toClipReferences } from './clip-reference.ts';
import {
  EDIT_NAMESPACE,
  EDIT_PROTOCOL_VERSION,
  editAskSchema,
  editCancelSchema,
  editClientEvents,
  editSearchSchema,
  editServerEvents,
  helloSchema,
  selectsAddEnvelopeSchema,
  selectsExportSchema,
  selectsListSchema,
  selectsRemoveSchema,
  whatsSaidSchema,
  type EditErrorPayload,
  type WelcomePayload,
} from './edit-suite-protocol.ts';
import { watchIngested } from './ingested-watch.ts';
import { whatsSaid } from './whats-said.ts';
import { corpusSchema } from '../selects/select-schemas.ts';
import { socketIdentity } from '../access/identity.ts';
import { canReadCorpus, searchScope } from '../../core/access/policy.ts';
import { emitScoped } from '../access/scoped-emit.ts';

export interface EditSuiteDeps {
  archive: Archive;
  embedder(): Promise<Embedder | null>;
  /** The chat service, for `ask` (the same answers as the chat). */
  chat: ChatService;
  selects: SelectsService;
  /**
   * The server-wide search gate (createApp's, given to `onIo`); default: a gate of this namespace's own.
   * Searches also count against a per-socket budget.
   */
  searchGate?: WorkGate | undefined;
  /** Fusion weights of hybrid search (from DARKROOM_VECTOR_WEIGHT); default: the measured ones. */
  fusion?: Partial<FusionWeights> | undefined;
  /** Poll interval of `sources:ingested`, in ms (default 3000; 0: only when `checkIngested` is called). */
  pollMs?: number;
}

export interface EditSuite {
  namespace: Namespace;
  /** Looks for newly ingested sources now and notifies clients. */
  checkIngested(): Promise<void>;
  close(): void;
}

type Ack = (reply: unknown) => void;

export function registerEditSuite(io: Server, deps: EditSuiteDeps): EditSuite {
  const nsp = io.of(EDIT_NAMESPACE);
  const budget = createClientBudget({ max: searchLimits.perClient, what: 'searches', who: 'connection' });
  const searchGate = deps.searchGate ?? createWorkGate({ concurrency: searchLimits.concurrency, maxWaiting: searchLimits.maxWaiting, what: 'searches' });
  nsp.on('connection', (socket) => handleClient(socket, { ...deps, searchGate }, budget));
  const watch = watchIngested(deps.archive, {
    listening: () => nsp.sockets.size > 0,
    onIngested: (sources) =>
      emitScoped(nsp, editServerEvents.sourcesIngested, (identity) => {
        const visible = sources.filter((s) => canReadCorpus(identity, s.corpus));
        return visible.length > 0 ? { sources: visible.map(describeSource) } : null;
      }),
    ...(deps.pollMs === undefined ? {} : { intervalMs: deps.pollMs }),
  });
  return { namespace: nsp, checkIngested: watch.check, close: watch.stop };
}

function handleClient(socket: Socket, deps: EditSuiteDeps & { searchGate: WorkGate }, budget: ClientBudget): void {
  let greeted = false;
  const running = new Map<string, AbortController>();
  const gone = new AbortController();
  const fail = (request_id: string | null, err: unknown, ack?: Ack) => {
    const e = toDarkroomError(err);
    const payload: EditErrorPayload = { code: e.code, message: e.message, request_id };
    socket.emit(editServerEvents.error, payload);
    if (ack) ack({ error: payload });
  };

  /** Registers a request event: validate, run, emit the result event (and ack), or an error. */
  const on = <S extends z.ZodType>(event: string, schema: S, reply: string, run: (payload: z.output<S>, request_id: string | undefined) => Promise<object>) => {
    socket.on(event, async (raw: unknown, ack?: unknown) => {
      const callback = typeof ack === 'function' ? (ack as Ack) : undefined;
      const rid = requestIdOf(raw) || null;
      try {
        if (!greeted && event !== editClientEvents.hello) {
          throw new DarkroomError('PROTOCOL_UNSUPPORTED', `Send "hello" with { protocol: ${EDIT_PROTOCOL_VERSION} } before "${event}".`);
        }
        const payload = validate(schema, raw, `${event} payload`);
        const result = { ...(rid ? { request_id: rid } : {}), ...(await run(payload, rid ?? undefined)) };
        socket.emit(reply, result);
        callback?.(result);
      } catch (err) {
        fail(rid, err, callback);
      }
    });
  };

  on(editClientEvents.hello, helloSchema, editServerEvents.welcome, async (hello) => {
    if (hello.protocol !== EDIT_PROTOCOL_VERSION) {
      throw new DarkroomError('PROTOCOL_UNSUPPORTED', `This Darkroom speaks edit-suite protocol ${EDIT_PROTOCOL_VERSION}, the client ${hello.protocol}. Update the panel (or Darkroom) so both speak the same version.`);
    }
    greeted = true;
    const welcome: Omit<WelcomePayload, 'request_id'> = { protocol: EDIT_PROTOCOL_VERSION, server: 'darkroom', server_version: serverVersion(), export_formats: exportFormatNames, frame_rates: exportRateNames };
    return welcome;
  });

  on(editClientEvents.search, editSearchSchema, editServerEvents.searchResult, async (req) => {
    const search = async () =>
      searchArchive(deps.archive, await deps.embedder(), { query: req.query, corpus: req.corpus, corpora: searchScope(socketIdentity(socket)), limit: req.limit, filters: req.filters, fusion: deps.fusion });
    const result = await runBounded(deps.searchGate, budget, socket.id, search, gone.signal);
    const clips = await toClipReferences(deps.archive, result.hits.map((h) => ({ ...h, passage_id: h.id })), (h) => ({ score: h.score }));
    return { query: req.query, semantic: result.semantic, notes: result.notes, clips };
  });

  on(editClientEvents.ask, editAskSchema, editServerEvents.askResult, async (req, rid) => {
    const request_id = rid ?? `req_${randomUUID().slice(0, 8)}`;
    if (running.has(request_id)) throw new DarkroomError('INPUT_INVALID', `A question with request_id "${request_id}" is already running on this connection. Use a new request_id.`);
    const controller = new AbortController();
    running.set(request_id, controller);
    try {
      const identity = socketIdentity(socket);
      for await (const event of deps.chat.ask({ ...req, request_id }, { signal: controller.signal, owner: identity.userId, corpora: searchScope(identity), actor: { name: identity.name, via: identity.via } })) {
        if (event.type === 'token') socket.emit(editServerEvents.askToken, { request_id, text: event.text });
        else if (event.type === 'error') throw new DarkroomError(event.error.code in errorCodes ? (event.error.code as ErrorCode) : 'INTERNAL', event.error.message);
        else if (event.type === 'done') {
          const r = event.record;
          const clips = await toClipReferences(
            deps.archive,
            r.citations.map((c) => ({ ...c, corpus: r.corpus ?? '' })),
            (c) => ({ n: c.n }),
          );
          return { request_id, answer_id: r.id, conversation_id: r.conversation_id, answer: r.answer, mode: r.mode, abstained: r.abstained, abstain_reason: r.abstain_reason, clips };
        }
      }
      throw new DarkroomError('CANCELLED', 'The question was cancelled before it was answered.');
    } finally {
      running.delete(request_id);
    }
  });

  on(editClientEvents.cancel, editCancelSchema, editServerEvents.cancelResult, async (req) => {
    running.get(req.request_id)?.abort();
    return { cancelled: running.has(req.request_id) };
  });

  on(editClientEvents.whatsSaid, whatsSaidSchema, editServerEvents.whatsSaidResult, (req) => whatsSaid(deps.archive, req));

  on(editClientEvents.selectsAdd, selectsAddEnvelopeSchema, editServerEvents.selectsResult, async (req) => {
    const { corpus, request_id: _rid, ...add } = req;
    return { corpus, items: await deps.selects.add(corpus, add) };
  });
  on(editClientEvents.selectsList, selectsListSchema, editServerEvents.selectsResult, async (req) => ({ corpus: req.corpus, items: await deps.selects.list(req.corpus) }));
  on(editClientEvents.selectsRemove, selectsRemoveSchema, editServerEvents.selectsResult, async (req) => ({ corpus: req.corpus, items: await deps.selects.remove(req.corpus, req.id) }));
  on(editClientEvents.selectsExport, selectsExportSchema, editServerEvents.exportResult, async (req) => {
    const { corpus, request_id: _rid, ...request } = req;
    const file = await deps.selects.exportList(validate(corpusSchema, corpus, 'corpus name'), request);
    return { corpus, format: file.format, filename: file.filename, content_type: file.contentType, body: file.body };
  });

  socket.on('disconnect', () => {
    gone.abort();
    for (const controller of running.values()) controller.abort();
  });
}

/** A newly ingested source as `sources:ingested` reports it. */
function describeSource(s: SourceRecord) {
  const media = mediaInfoOf(s);
  return {
    source_id: s.id,
    corpus: s.corpus,
    path: s.path,
    title: s.title,
    kind: s.kind,
    passages: s.passages,
    duration_s: s.duration_s,
    start_tc: media?.start_tc ?? null,
    fps: media?.fps ?? null,
    reel: media?.reel ?? null,
    ingested_at: s.ingested_at,
  };
}

let version: string | null = null;
function serverVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
