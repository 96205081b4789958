/**
 * Tells connected clients when the archive changes (the ingestion CLI writes while the server runs):
 * polls the passages table's version (a cheap read) and emits `sources:changed` with the new version and
 * corpora to the connected clients.
 */
import type { Server } from 'socket.io';
import { createLogger } from '../../core/logger.ts';
import { serverEvents } from '../../core/protocol/chat.ts';
import type { Archive } from '../../core/store/archive.ts';
import { canReadCorpus } from '../../core/access/policy.ts';
import { emitScoped } from '../access/scoped-emit.ts';

const log = createLogger('ws');

/** How often the archive's version is read while clients are connected, in ms. */
export const SOURCES_POLL_MS = 2000;

/** Starts watching from the archive's current version; returns the function that stops it. */
export function watchSources(io: Server, archive: Archive, intervalMs = SOURCES_POLL_MS): () => void {
  let last: number | null | undefined;
  let busy = false;
  const poll = async () => {
    const version = await archive.version();
    if (last !== undefined && version !== last && io.engine.clientsCount > 0) {
      const corpora = await archive.listCorpora();
      emitScoped(io.of('/'), serverEvents.sourcesChanged, (identity) => ({ table_version: version, corpora: corpora.filter((c) => canReadCorpus(identity, c.corpus)) }));
    }
    last = version;
  };
  const tick = () => {
    if (busy) return;
    busy = true;
    poll()
      .catch((err: unknown) => log.warn('cannot read the archive version', { err }))
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
