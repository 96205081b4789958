/**
 * Tells connected clients when the archive changes (the ingestion CLI writes while the server runs):
 * polls the passages table's version and emits `sources:changed` with the new version and corpora.
 */
import type { Server } from 'socket.io';
import { createLogger } from '../../core/logger.ts';
import { serverEvents } from '../../core/protocol/chat.ts';
import type { Archive } from '../../core/store/archive.ts';

const log = createLogger('ws');

/** How often the archive's version is read while clients are connected, in ms. */
export const SOURCES_POLL_MS = 2000;

/** Starts watching; returns the function that stops it. */
export function watchSources(io: Server, archive: Archive, intervalMs = SOURCES_POLL_MS): () => void {
  let last: number | null | undefined;
  let busy = false;
  const timer = setInterval(() => {
    if (busy || io.engine.clientsCount === 0) return;
    busy = true;
    void (async () => {
      const version = await archive.version();
      if (last !== undefined && version !== last) {
        io.emit(serverEvents.sourcesChanged, { table_version: version, corpora: await archive.listCorpora() });
      }
      last = version;
    })()
      .catch((err: unknown) => log.warn('cannot read the archive version', { err }))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
