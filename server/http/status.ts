/** GET /api/health, /api/corpora, /api/sources: what the server holds and which models it runs. */
import { Router } from 'express';
import { DarkroomError } from '../../core/errors.ts';
import type { ChatDeps } from '../chat/service.ts';

/** The health answer: enough for the UI to say what works and why. */
export interface Health {
  ok: true;
  table_version: number | null;
  corpora: Array<{ corpus: string; sources: number; passages: number; failed: number }>;
  passages: number;
  semantic: { on: boolean; model: string | null; note: string | null };
  llm: { on: boolean; model: { name: string; backend: string; sha256: string | null; context_size: number | null; gpu: string | null } | null };
  answers: 'llm' | 'extractive';
  queue: { running: number; waiting: number };
}

export function statusRouter(deps: ChatDeps): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    const [corpora, passages, table_version, embedder, llm] = await Promise.all([
      deps.archive.listCorpora(),
      deps.archive.countPassages(),
      deps.archive.version(),
      deps.embedder(),
      deps.llm(),
    ]);
    const stamp = deps.archive.embedder;
    let note: string | null = null;
    if (!embedder) note = 'no embedding model configured (DARKROOM_EMBED_MODEL): full-text search only.';
    else if (!stamp) note = 'the archive has no vectors yet: full-text search only.';
    else if (stamp.sha256 !== embedder.stamp.sha256) note = `the archive was embedded with ${stamp.name}, not the configured ${embedder.stamp.name}.`;
    const health: Health = {
      ok: true,
      table_version,
      corpora,
      passages,
      semantic: { on: note === null, model: embedder?.stamp.name ?? null, note },
      llm: { on: llm !== null, model: llm ? { name: llm.info.name, backend: llm.info.backend, sha256: llm.info.sha256, context_size: llm.contextSize, gpu: llm.info.gpu } : null },
      answers: llm ? 'llm' : 'extractive',
      queue: deps.queue.stats(),
    };
    res.json(health);
  });

  router.get('/corpora', async (_req, res) => {
    res.json({ corpora: await deps.archive.listCorpora() });
  });

  router.get('/sources', async (req, res) => {
    const corpus = typeof req.query.corpus === 'string' && req.query.corpus !== '' ? req.query.corpus : undefined;
    const sources = await deps.archive.listSources({ corpus });
    if (corpus !== undefined && sources.length === 0) {
      throw new DarkroomError('CORPUS_UNKNOWN', `No corpus named "${corpus}" in this archive. GET /api/corpora lists them.`);
    }
    res.json({ sources });
  });

  return router;
}
