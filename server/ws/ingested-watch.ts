/**
 * Notices sources that finish ingesting while the server runs (the ingestion CLI is another process):
 * polls the sources table while someone listens and reports each source whose `ingested_at` is new.
 * The first poll after a quiet spell only takes a baseline, so a panel that connects is not flooded.
 */
import { createLogger } from '../../core/logger.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { SourceRecord } from '../../core/types.ts';

const log = createLogger('edit-suite');

/** How often the sources table is read while edit-suite clients are connected, in ms. */
export const INGESTED_POLL_MS = 3000;

export interface IngestedWatch {
  /** Polls now (the timer also calls it); resolves when done. */
  check(): Promise<void>;
  stop(): void;
}

export function watchIngested(archive: Archive, options: { listening: () => boolean; onIngested: (sources: SourceRecord[]) => void; intervalMs?: number }): IngestedWatch {
  let seen: Map<string, string> | null = null;
  let running: Promise<void> | null = null;
  const poll = async () => {
    if (!options.listening()) {
      seen = null;
      return;
    }
    const sources = (await archive.listSources()).filter((s) => s.state === 'ingested');
    const now = new Map(sources.map((s) => [s.id, s.ingested_at]));
    const fresh = seen === null ? [] : sources.filter((s) => seen?.get(s.id) !== s.ingested_at);
    seen = now;
    if (fresh.length > 0) options.onIngested(fresh);
  };
  const check = () => {
    running ??= poll()
      .catch((err: unknown) => log.warn('cannot read the sources table', { err }))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const interval = options.intervalMs ?? INGESTED_POLL_MS;
  const timer = interval > 0 ? setInterval(() => void check(), interval) : null;
  timer?.unref();
  return {
    check,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
