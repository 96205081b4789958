/** GET /api/health, /api/corpora, /api/sources: what the server holds and which models it runs. */
import { Router } from 'express';
import type { ChatDeps } from '../chat/service.ts';
import { unknownCorpus } from '../../core/access/missing.ts';
import { canReadCorpus } from '../../core/access/policy.ts';
import { identityOf } from '../access/identity.ts';

/** The health answer: enough for the UI to say what works and why. */
export interface Health {
  ok: true;
  table_version: number | null;
  corpora: Array<{ corpus: string; sources: number; passages: number; failed: number; awaiting_transcript: number }>;
  passages: number;
  semantic: { on: boolean; model: string | null; note: string | null };
  llm: { on: boolean; model: { name: string; backend: string; sha256: string | null; context_size: number | null; gpu: string | null } | null };
  answers: 'llm' | 'extractive';
  queue: { running: number; waiting: number };
}

export function statusRouter(deps: ChatDeps): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    const identity = identityOf(res);
    const [all, total, table_version, embedder, llm] = await Promise.all([
      deps.archive.listCorpora(),
      deps.archive.countPassages(),
      deps.archive.version(),
      deps.embedder(),
      deps.llm(),
    ]);
    // Only the granted corpora, and only their passages in the total.
    const corpora = all.filter((c) => canReadCorpus(identity, c.corpus));
    const passages = corpora.length === all.length ? total : corpora.reduce((n, c) => n + c.passages, 0);
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
    const identity = identityOf(res);
    res.json({ corpora: (await deps.archive.listCorpora()).filter((c) => canReadCorpus(identity, c.corpus)) });
  });

  router.get('/sources', async (req, res) => {
    const corpus = typeof req.query.corpus === 'string' && req.query.corpus !== '' ? req.query.corpus : undefined;
    const identity = identityOf(res);
    const sources = (await deps.archive.listSources({ corpus })).filter((s) => canReadCorpus(identity, s.corpus));
    if (corpus !== undefined && sources.length === 0) {
      throw unknownCorpus(corpus);
    }
    res.json({ sources });
  });

  return router;
}
