/**
 * What a command or the server needs at hand: the frozen config, the archive, and the models it configures,
 * loaded lazily and once. Built by the entry points from a Config; nothing here reads the environment.
 */
import { setLogLevel } from './logger.ts';
import type { Config } from './config.ts';
import { loadEmbedder, type Embedder } from './models/embedder.ts';
import { Archive } from './store/archive.ts';
import { openStateStore, type StateStore } from './store/state/open-state.ts';
import { attachRestrictionStore } from './consent/restriction-gate.ts';

export interface Runtime {
  config: Config;
  archive: Archive;
  /** The configured embedder, or null when DARKROOM_EMBED_MODEL is unset. Loaded on first call. */
  embedder(): Promise<Embedder | null>;
  /**
   * The state store (answers, conversations, selects, restrictions, users...), opened on first call and shared.
   * Throws STATE_UNAVAILABLE when it cannot be opened: callers that only search can go on without it.
   */
  state(): StateStore;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { followWrites?: boolean } = {}): Promise<Runtime> {
  setLogLevel(config.logLevel);
  const archive = await Archive.open({ home: config.home, followWrites: options.followWrites ?? true });
  let embedder: Promise<Embedder | null> | null = null;
  let state: StateStore | null = null;
  const openState = (): StateStore => (state ??= openStateStore(config.home));
  // Restrictions are read through the same handle as everything else of the state store.
  attachRestrictionStore(archive, openState);
  return {
    config,
    archive,
    embedder() {
      embedder ??= config.embedModel ? loadEmbedder(config.embedModel) : Promise.resolve(null);
      return embedder;
    },
    state: openState,
    async close() {
      const e = embedder ? await embedder.catch(() => null) : null;
      await e?.dispose();
      state?.close();
      archive.close();
    },
  };
}
