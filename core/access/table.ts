/**
 * The access table: every HTTP route (method + express path pattern, as mounted), every socket event of
 * both namespaces, and every CLI command, mapped to its action and to where the request names what it
 * touches. The transports' adapters read this table and nothing else; a test walks the real express app
 * and the real sockets and fails for any route or event missing here (test/integration/access-table.test.ts).
 *
 * Adding a route or an event: add its line here, with the narrowest action that fits.
 */
import type { Action } from './actions.ts';

/** What a request can name: the adapters look each up to find its corpus and owner. */
export type ResourceKind = 'corpus' | 'source' | 'passage' | 'answer' | 'conversation';

/** Where a value sits: express's `req.params`, `req.query`, `req.body`, or a socket event's payload. */
export interface ResourceRef {
  kind: ResourceKind;
  from: 'params' | 'query' | 'body' | 'payload';
  key: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpPolicy {
  method: HttpMethod;
  /** The express path pattern, with its mount path: `/api/answers/:id`. */
  path: string;
  action: Action;
  resources?: readonly ResourceRef[];
  /** Path prefixes this line does not cover (the UI's catch-all leaves /api and /media to their own lines). */
  except?: readonly string[];
}

export interface SocketPolicy {
  namespace: '/' | '/edit';
  event: string;
  action: Action;
  resources?: readonly ResourceRef[];
}

export interface CliPolicy {
  /** The command as typed, subcommands included: `selects add`. */
  command: string;
  action: Action;
}

const p = (kind: ResourceKind, from: ResourceRef['from'], key: string): ResourceRef => ({ kind, from, key });

export const httpPolicies: readonly HttpPolicy[] = [
  // Sign-in (server/access/session-router.ts)
  { method: 'GET', path: '/api/session', action: 'session.read' },
  { method: 'POST', path: '/api/login', action: 'session.login' },
  { method: 'POST', path: '/api/logout', action: 'session.logout' },
  // People and grants, for the admin page (server/access/users-router.ts)
  { method: 'GET', path: '/api/users', action: 'users.manage' },
  { method: 'POST', path: '/api/users', action: 'users.manage' },
  { method: 'PATCH', path: '/api/users/:name', action: 'users.manage' },
  { method: 'DELETE', path: '/api/users/:name', action: 'users.manage' },
  { method: 'PUT', path: '/api/users/:name/grants', action: 'users.manage' },
  // Status (server/http/status.ts): answers list only the granted corpora
  { method: 'GET', path: '/api/health', action: 'health.read' },
  { method: 'GET', path: '/api/corpora', action: 'corpora.list' },
  { method: 'GET', path: '/api/sources', action: 'sources.list', resources: [p('corpus', 'query', 'corpus')] },
  // Search and questions (server/http/search.ts, ask.ts): without a corpus, only granted corpora are searched
  { method: 'GET', path: '/api/search', action: 'search', resources: [p('corpus', 'query', 'corpus')] },
  { method: 'POST', path: '/api/ask', action: 'ask', resources: [p('corpus', 'body', 'corpus'), p('conversation', 'body', 'conversation_id')] },
  { method: 'GET', path: '/api/answers/:id', action: 'answer.read', resources: [p('answer', 'params', 'id')] },
  { method: 'POST', path: '/api/answers/:id/replay', action: 'answer.replay', resources: [p('answer', 'params', 'id')] },
  { method: 'GET', path: '/api/conversations', action: 'conversation.list' },
  { method: 'GET', path: '/api/conversations/:id', action: 'conversation.read', resources: [p('conversation', 'params', 'id')] },
  // Media (server/http/media.ts)
  { method: 'GET', path: '/media/:sourceId/text', action: 'source.open', resources: [p('source', 'params', 'sourceId')] },
  { method: 'GET', path: '/media/:sourceId/playback', action: 'source.play', resources: [p('source', 'params', 'sourceId')] },
  { method: 'GET', path: '/media/:sourceId', action: 'source.play', resources: [p('source', 'params', 'sourceId')] },
  // Select lists and exports (server/selects/)
  { method: 'GET', path: '/api/selects/:corpus/export', action: 'selects.export', resources: [p('corpus', 'params', 'corpus')] },
  { method: 'GET', path: '/api/selects/:corpus', action: 'selects.read', resources: [p('corpus', 'params', 'corpus')] },
  { method: 'POST', path: '/api/selects/:corpus', action: 'selects.write', resources: [p('corpus', 'params', 'corpus'), p('passage', 'body', 'passage_id')] },
  { method: 'PUT', path: '/api/selects/:corpus/order', action: 'selects.write', resources: [p('corpus', 'params', 'corpus')] },
  { method: 'PATCH', path: '/api/selects/:corpus/:id', action: 'selects.write', resources: [p('corpus', 'params', 'corpus')] },
  { method: 'DELETE', path: '/api/selects/:corpus/:id', action: 'selects.write', resources: [p('corpus', 'params', 'corpus')] },
  { method: 'DELETE', path: '/api/selects/:corpus', action: 'selects.write', resources: [p('corpus', 'params', 'corpus')] },
  // The web UI's files (express.static and the single-page fallback): the login page must load
  { method: 'GET', path: '/{*path}', action: 'ui.read', except: ['/api', '/media', '/socket.io'] },
];

export const socketPolicies: readonly SocketPolicy[] = [
  // Chat namespace (server/ws/gateway.ts)
  { namespace: '/', event: 'ask', action: 'ask', resources: [p('corpus', 'payload', 'corpus'), p('conversation', 'payload', 'conversation_id')] },
  { namespace: '/', event: 'cancel', action: 'ask.cancel' },
  { namespace: '/', event: 'search', action: 'search', resources: [p('corpus', 'payload', 'corpus')] },
  // Edit-suite namespace (server/ws/edit-suite.ts)
  { namespace: '/edit', event: 'hello', action: 'edit.hello' },
  { namespace: '/edit', event: 'search', action: 'search', resources: [p('corpus', 'payload', 'corpus')] },
  { namespace: '/edit', event: 'ask', action: 'ask', resources: [p('corpus', 'payload', 'corpus'), p('conversation', 'payload', 'conversation_id')] },
  { namespace: '/edit', event: 'cancel', action: 'ask.cancel' },
  { namespace: '/edit', event: 'whats-said', action: 'source.open', resources: [p('source', 'payload', 'source')] },
  { namespace: '/edit', event: 'selects:add', action: 'selects.write', resources: [p('corpus', 'payload', 'corpus'), p('passage', 'payload', 'passage_id')] },
  { namespace: '/edit', event: 'selects:list', action: 'selects.read', resources: [p('corpus', 'payload', 'corpus')] },
  { namespace: '/edit', event: 'selects:remove', action: 'selects.write', resources: [p('corpus', 'payload', 'corpus')] },
  { namespace: '/edit', event: 'selects:export', action: 'selects.export', resources: [p('corpus', 'payload', 'corpus')] },
];

/**
 * CLI commands run as the person at the server's keyboard, who can read the archive's files anyway: the
 * local operator, an admin. The table still says what each does, for the docs and the coverage test.
 */
export const cliPolicies: readonly CliPolicy[] = [
  { command: 'ingest', action: 'ingest' },
  { command: 'sources', action: 'sources.list' },
  { command: 'remove', action: 'ingest' },
  { command: 'withdraw', action: 'consent.manage' },
  { command: 'restrict', action: 'consent.manage' },
  { command: 'reembed', action: 'ingest' },
  { command: 'transcribe', action: 'ingest' },
  { command: 'speakers', action: 'ingest' },
  { command: 'search', action: 'search' },
  { command: 'ask', action: 'ask' },
  { command: 'replay', action: 'answer.replay' },
  { command: 'selects', action: 'selects.write' },
  { command: 'export', action: 'selects.export' },
  { command: 'check', action: 'server.admin' },
  { command: 'models', action: 'server.admin' },
  { command: 'serve', action: 'server.admin' },
  { command: 'proxies', action: 'server.admin' },
  { command: 'users', action: 'users.manage' },
  { command: 'tokens', action: 'tokens.manage' },
  { command: 'audit', action: 'audit.read' },
];

/** The policy of one socket event, or undefined when the table has none (refused). */
export function findSocketPolicy(namespace: string, event: string): SocketPolicy | undefined {
  return socketPolicies.find((s) => s.namespace === namespace && s.event === event);
}
