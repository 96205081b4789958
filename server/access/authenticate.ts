/**
 * Who sends a request, from its headers: the type every transport authenticates with. The desk tool
 * (loopback, no user, logins off) answers the local identity for everyone.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '../../core/access/types.ts';

/** Authenticates from the request's headers (Cookie, Authorization) and, for sockets, the handshake's `auth.token`. */
export type Authenticate = (headers: IncomingHttpHeaders, extra?: { token?: unknown }) => Promise<Identity>;
