/**
 * Who sends a request, from its headers: a bearer token (`Authorization: Bearer drk_…`, or the socket.io
 * handshake's `auth.token`), else the session cookie, else nobody. When logins are off (the desk tool:
 * loopback, no user created, DARKROOM_AUTH not `on`), everyone is the local identity, an implicit admin.
 * Read on every request and event: a removed user, a revoked grant, token or session stops working at once.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { anonymousIdentity, localIdentity, userIdentity, type Identity } from '../../core/access/types.ts';
import { findSession, findToken } from '../../core/store/state/access/credentials.ts';
import type { UserDirectory } from '../../core/store/state/access/users.ts';
import type { StateStore } from '../../core/store/state/open-state.ts';

/** Authenticates from the request's headers (Cookie, Authorization) and, for sockets, the handshake's `auth.token`. */
export type Authenticate = (headers: IncomingHttpHeaders, extra?: { token?: unknown }) => Promise<Identity>;

/** The session cookie's name. */
export const SESSION_COOKIE = 'darkroom_session';

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The bearer token of an Authorization header, or null. */
export function readBearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

export interface AuthMode {
  /** DARKROOM_AUTH=on: logins even on loopback with no user. */
  forced: boolean;
  /** Bound to loopback only. */
  loopback: boolean;
}

/** Whether logins are on: forced, bound beyond loopback, or some user exists. */
export function loginsOn(mode: AuthMode, users: Pick<UserDirectory, 'count'>): boolean {
  return mode.forced || !mode.loopback || users.count() > 0;
}

export function createAuthenticator(deps: { state: StateStore; users: UserDirectory; mode: AuthMode }): Authenticate {
  return (headers, extra = {}) => {
    if (!loginsOn(deps.mode, deps.users)) return Promise.resolve(localIdentity);
    const bearer = readBearer(headers.authorization) ?? (typeof extra.token === 'string' ? extra.token : null);
    if (bearer !== null) {
      const token = findToken(deps.state, bearer);
      const user = token ? deps.users.byId(token.userId) : null;
      return Promise.resolve(token && user ? userIdentity(user, 'token', { tokenId: token.id }) : anonymousIdentity);
    }
    const cookie = readCookie(headers.cookie, SESSION_COOKIE);
    if (cookie !== null) {
      const session = findSession(deps.state.db, cookie);
      const user = session ? deps.users.byId(session.userId) : null;
      if (session && user) return Promise.resolve(userIdentity(user, 'session', { sessionId: session.id }));
    }
    return Promise.resolve(anonymousIdentity);
  };
}
