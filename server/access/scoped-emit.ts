/**
 * Server-sent broadcasts that name corpora or sources (`sources:changed`, `sources:ingested`) go to each
 * socket with only what its identity may read, never to everyone at once.
 */
import type { Namespace } from 'socket.io';
import type { Identity } from '../../core/access/types.ts';
import { socketIdentity } from './identity.ts';

/** Emits `event` to every socket of `nsp` with the payload `build` makes for its identity; null: nothing for that one. */
export function emitScoped(nsp: Namespace, event: string, build: (identity: Identity) => object | null): void {
  for (const socket of nsp.sockets.values()) {
    const payload = build(socketIdentity(socket));
    if (payload !== null) socket.emit(event, payload);
  }
}
