/**
 * The routes and namespaces `darkroom serve` mounts beside the chat: /media, the select lists and their
 * exports (/api/selects), and the edit-suite namespace (/edit). One function, so that the server and the
 * tests (the access table's coverage test among them) build exactly the same app.
 */
import type { Router } from 'express';
import type { AppDeps } from './app.ts';
import type { Config } from '../core/config.ts';
import type { Embedder } from '../core/models/embedder.ts';
import type { FusionWeights } from '../core/search/search.ts';
import type { Archive } from '../core/store/archive.ts';
import { createMediaRouter } from './http/media.ts';
import { createExportRouter } from './selects/export-router.ts';
import type { SelectsService } from './selects/selects-service.ts';
import { createSelectsRouter } from './selects/selects-router.ts';
import { registerEditSuite, type EditSuite } from './ws/edit-suite.ts';

export interface StudioDeps {
  archive: Archive;
  config: Config;
  selects: SelectsService;
  embedder(): Promise<Embedder | null>;
  fusion?: Partial<FusionWeights> | undefined;
  /** Poll interval of the edit suite's `sources:ingested`, in ms (default: its own). */
  pollMs?: number;
}

export interface StudioExtras {
  extraRouters: Array<[string, Router]>;
  onIo: NonNullable<AppDeps['onIo']>;
  /** The edit suite, once onIo ran. */
  suite(): EditSuite | null;
}

export function createStudioExtras(deps: StudioDeps): StudioExtras {
  let suite: EditSuite | null = null;
  return {
    extraRouters: [
      ['/media', createMediaRouter({ archive: deps.archive, config: deps.config })],
      ['/api/selects', createExportRouter({ selects: deps.selects })],
      ['/api/selects', createSelectsRouter({ selects: deps.selects })],
    ],
    onIo: (io, chat, { searchGate }) => {
      suite = registerEditSuite(io, { archive: deps.archive, embedder: deps.embedder, chat, selects: deps.selects, searchGate, fusion: deps.fusion, ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }) });
    },
    suite: () => suite,
  };
}
