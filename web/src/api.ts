/**
 * The browser's only door to the server: JSON over HTTP for state (corpora, sources, conversations,
 * answer records) and socket.io for streamed answers and search. Same origin only.
 */
import { io, type Socket } from 'socket.io-client';
import type { AnswerEvent, AnswerRecord, AskPayload, CancelPayload, SearchPayload } from '../../core/protocol/chat.ts';
import { answerEventName, clientEvents, serverEvents } from '../../core/protocol/events.ts';
import type { SearchHit, SourceRecord } from '../../core/types.ts';


/** A failed call, with the server's error code and message. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface CorpusSummary {
  corpus: string;
  sources: number;
  passages: number;
  failed: number;
}

export interface ConversationSummary {
  id: string;
  created_at: string;
  updated_at: string;
  title: string;
  corpus: string | null;
  answer_ids: string[];
}

export interface SearchResponse {
  request_id?: string;
  hits: SearchHit[];
  semantic: boolean;
  notes: string[];
  /** The archive or corpus searched holds no passage: says so and gives the command that fills it. */
  empty?: string | null;
}

/** GET /media/:sourceId/text (server/http/media.ts): a plain-text document whole, and the source's passages. */
export interface SourceText {
  source: { id: string; path: string; kind: string; title: string };
  text: string | null;
  passages: Array<{ id: string; ordinal: number; page: number | null; char_start: number | null; char_end: number | null; start_s: number | null; end_s: number | null; speaker: string | null; text: string }>;
}

/** GET /media/:sourceId/playback: whether the rush plays now, or how far its browser proxy has got. */
export interface PlaybackStatus {
  kind: 'direct' | 'proxy';
  ready: boolean;
  progress: number | null;
  error: string | null;
}

export async function fetchPlayback(sourceId: string): Promise<PlaybackStatus> {
  return getJson<PlaybackStatus>(`/media/${encodeURIComponent(sourceId)}/playback`);
}

export interface HealthInfo {
  mode: 'llm' | 'extractive' | null;
  model: string | null;
  /** Whether search is hybrid (full-text + vectors), and if not, the server's reason. */
  semantic: { on: boolean; model: string | null; note: string | null };
  /** `degraded`: something is broken but search works; `unavailable`: the archive cannot be read (HTTP 503). */
  status: 'ok' | 'degraded' | 'unavailable';
  /** What is broken, what it means and the fix, as the server says it. */
  problems: Array<{ code: string; what: string; means: string; fix: string }>;
}

/** GET a JSON resource; a non-2xx answer becomes an ApiError with the server's message. */
export async function getJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(error?.code ?? `HTTP_${res.status}`, error?.message ?? `${url} answered ${res.status}`);
  }
  return body as T;
}

export async function fetchCorpora(): Promise<CorpusSummary[]> {
  return (await getJson<{ corpora: CorpusSummary[] }>('/api/corpora')).corpora;
}

export async function fetchSources(corpus: string | null): Promise<SourceRecord[]> {
  return (await getJson<{ sources: SourceRecord[] }>(`/api/sources${corpus ? `?corpus=${encodeURIComponent(corpus)}` : ''}`)).sources;
}

export async function fetchConversations(): Promise<ConversationSummary[]> {
  return (await getJson<{ conversations: ConversationSummary[] }>('/api/conversations')).conversations;
}

export async function fetchConversation(id: string): Promise<{ conversation: ConversationSummary; answers: AnswerRecord[] }> {
  return getJson(`/api/conversations/${encodeURIComponent(id)}`);
}

/** POST /api/answers/:id/replay: regenerates an answer with its recorded settings (server/chat/replay.ts). */
export interface ReplayResult {
  answer_id: string;
  identical: boolean;
  replayed: string;
  notes: string[];
}

export async function replayAnswer(id: string): Promise<ReplayResult> {
  return getJson<ReplayResult>(`/api/answers/${encodeURIComponent(id)}/replay`, { method: 'POST' });
}

/** GET /api/health, reduced to what the top bar says: how answers are made (which model), and how search runs. */
export async function fetchHealth(): Promise<HealthInfo> {
  type Body = {
    answers?: 'llm' | 'extractive';
    llm?: { on?: boolean; model?: { name?: string } | null };
    semantic?: { on?: boolean; model?: string | null; note?: string | null };
    status?: HealthInfo['status'];
    problems?: HealthInfo['problems'];
  };
  // A 503 health still says what is broken: read its body instead of treating it as unreachable.
  const res = await fetch('/api/health', { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as Body | null;
  if (!body || (!res.ok && !body.status)) throw new ApiError(`HTTP_${res.status}`, `/api/health answered ${res.status}`);
  const mode = body.answers ?? (body.llm?.on === undefined ? null : body.llm.on ? 'llm' : 'extractive');
  return {
    mode,
    model: body.llm?.model?.name ?? null,
    semantic: { on: body.semantic?.on === true, model: body.semantic?.model ?? null, note: body.semantic?.note ?? null },
    status: body.status ?? 'ok',
    problems: body.problems ?? [],
  };
}

/** Handlers of one streamed answer. */
export interface AnswerHandlers {
  onEvent(event: AnswerEvent): void;
}

let socket: Socket | null = null;
const answerHandlers = new Map<string, AnswerHandlers>();
const searchWaiters = new Map<string, { resolve: (r: SearchResponse) => void; reject: (e: Error) => void }>();

function connect(): Socket {
  if (socket) return socket;
  const s = io({ path: '/socket.io', autoConnect: true });
  for (const [type, name] of Object.entries(answerEventName)) {
    s.on(name, (payload: Record<string, unknown>) => {
      const event = { ...payload, type } as AnswerEvent;
      answerHandlers.get(event.request_id)?.onEvent(event);
      if (type === 'done' || type === 'error') answerHandlers.delete(event.request_id);
    });
  }
  s.on(serverEvents.searchResult, (payload: SearchResponse) => {
    const id = payload.request_id ?? '';
    searchWaiters.get(id)?.resolve(payload);
    searchWaiters.delete(id);
  });
  s.on(serverEvents.searchError, (payload: { request_id?: string; error: { code: string; message: string } }) => {
    const id = payload.request_id ?? '';
    searchWaiters.get(id)?.reject(new ApiError(payload.error.code, payload.error.message));
    searchWaiters.delete(id);
  });
  s.on('disconnect', () => {
    const error = { code: 'DISCONNECTED', message: 'the connection to the Darkroom server was lost; ask again once it is back' };
    for (const [request_id, handlers] of answerHandlers) handlers.onEvent({ type: 'error', request_id, error });
    answerHandlers.clear();
    for (const waiter of searchWaiters.values()) waiter.reject(new ApiError(error.code, error.message));
    searchWaiters.clear();
  });
  socket = s;
  return s;
}

function newRequestId(): string {
  return `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Asks over socket.io; events arrive through `handlers`. Returns a function that cancels the answer. */
export function ask(payload: Omit<AskPayload, 'request_id'>, handlers: AnswerHandlers): () => void {
  const s = connect();
  const request_id = newRequestId();
  answerHandlers.set(request_id, handlers);
  s.emit(clientEvents.ask, { ...payload, request_id } satisfies AskPayload);
  return () => {
    s.emit(clientEvents.cancel, { request_id } satisfies CancelPayload);
  };
}

/** Searches over socket.io (no LLM). */
export function search(payload: Omit<SearchPayload, 'request_id'>): Promise<SearchResponse> {
  const s = connect();
  const request_id = newRequestId();
  return new Promise((resolve, reject) => {
    searchWaiters.set(request_id, { resolve, reject });
    s.emit(clientEvents.search, { ...payload, request_id } satisfies SearchPayload);
  });
}

/** Calls `fn` when the server says the archive changed (an ingestion finished). */
export function onSourcesChanged(fn: () => void): void {
  connect().on(serverEvents.sourcesChanged, fn);
}
