/** Where a request's identity is kept once authenticated: `res.locals.identity` (HTTP), `socket.data.identity` (socket.io). */
import type { Response } from 'express';
import type { Socket } from 'socket.io';
import { anonymousIdentity, type Identity } from '../../core/access/types.ts';

/** The identity the HTTP guard found for this request (anonymous if none ran). */
export function identityOf(res: Response): Identity {
  return (res.locals.identity as Identity | undefined) ?? anonymousIdentity;
}

/** The identity the socket guard found for this connection (anonymous if none ran). */
export function socketIdentity(socket: Pick<Socket, 'data'>): Identity {
  return ((socket.data as { identity?: Identity } | undefined)?.identity) ?? anonymousIdentity;
}
