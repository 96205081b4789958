/**
 * The socket.io adapter of the access policy, for both namespaces (`/` chat, `/edit` edit suites):
 * the handshake authenticates (session cookie or bearer token; refused with `connect_error` when nobody
 * signed in and logins are on), then every incoming event goes through a `socket.use` wrapper that finds
 * its line in the access table and lets it through or answers the namespace's error event. The identity
 * is read again on every event, so a revoked token, session or grant stops working at once; a sweep also
 * disconnects the open sockets whose credentials were revoked (by the CLI, in another process).
 */
import type { IncomingMessage } from 'node:http';
import type { Namespace, Server, Socket } from 'socket.io';
import { findSocketPolicy, type ResourceRef } from '../../core/access/table.ts';
import type { Identity } from '../../core/access/types.ts';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import { answerEventName, serverEvents } from '../../core/protocol/events.ts';
import { authorize, refusalError, type ResourceLookup } from './authorize.ts';

export interface SocketGuardDeps {
  /** Who opened this connection, from the handshake's headers (cookie, Authorization) or `auth.token`. */
  authenticate(request: IncomingMessage, auth: Record<string, unknown>): Promise<Identity>;
  lookup: ResourceLookup;
  /** Namespaces to guard; default `/` and `/edit`. */
  namespaces?: readonly string[];
  /** How often open sockets are re-authenticated and dropped when revoked, in ms (default 5000; 0: only on `sweep()`). */
  sweepMs?: number;
  /** Called once an event is let through (the audit trail hooks here). */
  onAllowed?(socket: Socket, event: string, payload: unknown, identity: Identity): void;
}

export interface SocketGuard {
  /** Re-authenticates every open socket now and disconnects those left without a valid identity. */
  sweep(): Promise<number>;
  close(): void;
}

type Ack = (reply: unknown) => void;

/** Answers a refused event the way its namespace answers errors. */
function sendRefusal(socket: Socket, event: string, raw: unknown, ack: Ack | undefined, err: DarkroomError): void {
  const rid = raw && typeof raw === 'object' && typeof (raw as { request_id?: unknown }).request_id === 'string' ? (raw as { request_id: string }).request_id : '';
  const error = err.toJSON();
  if (socket.nsp.name === '/') {
    if (event === 'search') socket.emit(serverEvents.searchError, { request_id: rid, error });
    else socket.emit(answerEventName.error, { type: 'error', request_id: rid, error });
  } else {
    const payload = { ...error, request_id: rid || null };
    socket.emit('error', payload);
    ack?.({ error: payload });
  }
}

function readPayload(raw: unknown): (ref: ResourceRef) => unknown {
  return (ref) => (ref.from === 'payload' && raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[ref.key] : undefined);
}

async function identify(socket: Socket, deps: SocketGuardDeps): Promise<Identity> {
  const identity = await deps.authenticate(socket.request, (socket.handshake.auth ?? {}) as Record<string, unknown>);
  (socket.data as { identity?: Identity }).identity = identity;
  return identity;
}

function guardNamespace(nsp: Namespace, deps: SocketGuardDeps): void {
  nsp.use((socket, next) => {
    identify(socket, deps)
      .then((identity) => {
        if (identity.kind === 'anonymous') {
          const err = refusalError('unauthenticated', 'ask', identity);
          next(Object.assign(new Error(err.message), { data: err.toJSON() }));
        } else next();
      })
      .catch((err: unknown) => next(Object.assign(new Error(toDarkroomError(err).message), { data: toDarkroomError(err).toJSON() })));
  });
  nsp.on('connection', (socket) => {
    socket.use((packet, next) => {
      const [event, raw] = packet as [string, unknown, ...unknown[]];
      const last = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as Ack) : undefined;
      const policy = findSocketPolicy(nsp.name, event);
      void (async () => {
        try {
          if (!policy) throw new DarkroomError('NOT_FOUND', `No event "${event}" in the ${nsp.name} namespace (docs/protocol/edit-suite.md and docs/server.md list them).`);
          const identity = await identify(socket, deps);
          if (identity.kind === 'anonymous') {
            socket.disconnect(true);
            return;
          }
          await authorize(identity, policy, readPayload(raw), deps.lookup);
          deps.onAllowed?.(socket, event, raw, identity);
          next();
        } catch (err) {
          sendRefusal(socket, event, raw, ack, toDarkroomError(err));
        }
      })();
    });
  });
}

/** Guards the namespaces of `io`. Call before the server listens. */
export function guardSockets(io: Server, deps: SocketGuardDeps): SocketGuard {
  const namespaces = (deps.namespaces ?? ['/', '/edit']).map((name) => io.of(name));
  for (const nsp of namespaces) guardNamespace(nsp, deps);
  const sweep = async () => {
    let dropped = 0;
    for (const nsp of namespaces) {
      for (const socket of nsp.sockets.values()) {
        const now = await identify(socket, deps).catch(() => null);
        if (!now || now.kind === 'anonymous') {
          socket.disconnect(true);
          dropped += 1;
        }
      }
    }
    return dropped;
  };
  const ms = deps.sweepMs ?? 5000;
  const timer = ms > 0 ? setInterval(() => void sweep().catch(() => undefined), ms) : null;
  timer?.unref();
  return { sweep, close: () => timer && clearInterval(timer) };
}
