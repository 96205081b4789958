/**
 * createApp: the express app and socket.io server with every route and event, wired to the given
 * dependencies, not listening (server/main.ts listens; tests listen on port 0).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { Server as IoServer } from 'socket.io';
import { projectRoot } from '../core/config.ts';
import { createChatService, type ChatDeps, type ChatService } from './chat/service.ts';
import { askRouter } from './http/ask.ts';
import { handleErrors, notFound } from './http/errors.ts';
import { createHostGuard, type HostGuard } from './http/host-guard.ts';
import { searchRouter } from './http/search.ts';
import { createWorkGate, searchLimits, type WorkGate } from './chat/work-gate.ts';
import { securityHeaders } from './http/security.ts';
import { statusRouter } from './http/status.ts';
import type { HealthDeps } from './http/health-problems.ts';
import { attachChatGateway } from './ws/gateway.ts';
import { watchSources } from './ws/sources-watch.ts';
import { localIdentity } from '../core/access/types.ts';
import { appendAudit } from '../core/store/state/access/audit.ts';
import { createUserDirectory } from '../core/store/state/access/users.ts';
import type { StateStore } from '../core/store/state/open-state.ts';
import { createAuditHooks, type AuditSink } from './access/audit-hooks.ts';
import { createAuthenticator, type Authenticate, type AuthMode } from './access/authenticate.ts';
import { createLoginLimiter, type LoginLimits } from './access/rate-limit.ts';
import { createSessionRouter } from './access/session-router.ts';
import { createUsersRouter } from './access/users-router.ts';
import { createHttpGuard } from './access/http-guard.ts';
import { createResourceLookup } from './access/resource-lookup.ts';
import { guardSockets } from './access/socket-guard.ts';

/** Largest JSON body accepted over HTTP (a question is at most 4,000 characters). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Largest socket.io message; a bigger one closes that client's connection (socket.io's own rule). */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export interface AppDeps extends ChatDeps {
  /** Folder of the built web UI; default web/dist in the project, served when it exists. Null: none. */
  webRoot?: string | null;
  /** More routers, mounted before the UI and the 404 (web media, edit-suite exports). */
  extraRouters?: Array<[string, Router]>;
  /**
   * Called with the socket.io server, the chat service and the server-wide search gate, to register more
   * namespaces or events (their searches go through the same gate).
   */
  onIo?: (io: IoServer, chat: ChatService, shared: { searchGate: WorkGate }) => void;
  /** The server-wide bound on searches; default {@link searchLimits}. */
  searchGate?: WorkGate;
  /** DARKROOM_ALLOWED_HOSTS: names the server answers to besides its own (see http/host-guard.ts). */
  allowedHosts?: readonly string[] | undefined;
  /**
   * People, sessions, tokens and the audit trail (docs/access.md), in the state store. Absent: the desk
   * tool with no store (everyone is the local admin, nothing audited); server/main.ts always passes it.
   */
  access?: AccessDeps;
  /** Who sends a request; default: from `access` (server/access/authenticate.ts), else the desk tool. */
  authenticate?: Authenticate;
  /** What GET /api/health reports beyond the archive: a state store that did not open, the configured model files. */
  health?: HealthDeps;
  /** How often open sockets are re-authenticated (revoked tokens dropped), in ms; default 5000. */
  socketSweepMs?: number;
}

export interface AccessDeps {
  state: StateStore;
  mode: AuthMode;
  /** Session lifetime in hours (DARKROOM_SESSION_HOURS). */
  sessionHours?: number | undefined;
  loginLimits?: LoginLimits | undefined;
}

export interface App {
  app: Express;
  http: HttpServer;
  io: IoServer;
  chat: ChatService;
  /** The Host/Origin guard every HTTP request and socket handshake passes. */
  guard: HostGuard;
  /** Re-authenticates every open socket now and disconnects those whose token, session or user was revoked; returns how many. */
  sweepSockets(): Promise<number>;
  /** Stops background work and closes sockets and the HTTP server. */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): App {
  const { access } = deps;
  const users = access ? createUserDirectory(access.state) : null;
  const sink: AuditSink | undefined = access ? (entry) => void access.state.write((db) => appendAudit(db, entry)) : undefined;
  const chat = createChatService({ ...deps, audit: deps.audit ?? sink });
  const searchGate = deps.searchGate ?? createWorkGate({ concurrency: searchLimits.concurrency, maxWaiting: searchLimits.maxWaiting, what: 'searches' });
  const full = { ...deps, chat, searchGate };
  const app = express();
  const http = createServer(app);
  const guard = createHostGuard({ server: http, allowedHosts: deps.allowedHosts });
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(guard.middleware);
  app.use(express.json({ limit: MAX_BODY_BYTES }));
  // Every route goes through the access table (core/access/table.ts) before it runs.
  const authenticate: Authenticate = deps.authenticate ?? (access && users ? createAuthenticator({ state: access.state, users, mode: access.mode }) : () => Promise.resolve(localIdentity));
  const lookup = createResourceLookup({ archive: deps.archive, store: deps.store });
  const audit = sink ? createAuditHooks({ sink, lookup }) : null;
  app.use(createHttpGuard({ authenticate: (req) => authenticate(req.headers), lookup, ...(audit ? { onAllowed: (req, _res, policy, identity) => audit.http(req, policy, identity) } : {}) }));
  // Sign-in, sign-out and the admin page's people and grants; a revocation drops the sockets it concerns.
  let sweepSockets = (): void => undefined;
  const onRevoked = () => sweepSockets();
  app.use('/api', createSessionRouter(access && users ? { ...access, users, limiter: createLoginLimiter(access.loginLimits), onRevoked } : null));
  if (users) app.use('/api', createUsersRouter({ users, onRevoked }));

  app.use('/api', statusRouter(deps), searchRouter(full), askRouter(full));
  for (const [mount, router] of deps.extraRouters ?? []) app.use(mount, router);
  app.use('/api', notFound);

  const webRoot = deps.webRoot === undefined ? path.join(projectRoot, 'web', 'dist') : deps.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    app.use(express.static(webRoot, { index: 'index.html' }));
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(webRoot, 'index.html')));
  }
  app.use(notFound);
  app.use(handleErrors);

  const io = new IoServer(http, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    // Host and Origin of every handshake, for both namespaces (one engine): see http/host-guard.ts.
    allowRequest: guard.allowRequest,
  });
  attachChatGateway(io, full);
  deps.onIo?.(io, chat, { searchGate });
  const socketGuard = guardSockets(io, {
    authenticate: (request, auth) => authenticate(request.headers, { token: auth.token }),
    lookup,
    ...(audit ? { onAllowed: (socket, event, payload, identity) => audit.socket(socket, event, payload, identity) } : {}),
    ...(deps.socketSweepMs === undefined ? {} : { sweepMs: deps.socketSweepMs }),
  });
  sweepSockets = () => void socketGuard.sweep().catch(() => undefined);
  const stopWatching = watchSources(io, deps.archive);

  return {
    app,
    http,
    io,
    chat,
    guard,
    sweepSockets: () => socketGuard.sweep(),
    async close() {
      stopWatching();
      socketGuard.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
