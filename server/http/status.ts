/** GET /api/health, /api/corpora, /api/sources: what the server holds and which models it runs. */
import { Router } from 'express';
import type { ChatDeps } from '../chat/service.ts';
import { unknownCorpus } from '../../core/access/missing.ts';
import { canReadCorpus } from '../../core/access/policy.ts';
import { identityOf } from '../access/identity.ts';
import { createProblemFinder, type HealthDeps, type HealthProblem } from './health-problems.ts';

/** The health answer: enough for the UI to say what works and why. */
export interface Health {
  /** False when anything in `problems` is broken. */
  ok: boolean;
  /**
   * `ok`; `degraded`: something is broken but search works (HTTP 200); `unavailable`: the archive cannot be read,
   * search does not work (HTTP 503).
   */
  status: 'ok' | 'degraded' | 'unavailable';
  /** What is broken, each with what it means and the fix (empty when ok). */
  problems: HealthProblem[];
  table_version: number | null;
  corpora: Array<{ corpus: string; sources: number; passages: number; failed: number; awaiting_transcript: number }>;
  passages: number;
  semantic: { on: boolean; model: string | null; note: string | null };
  llm: { on: boolean; model: { name: string; backend: string; sha256: string | null; context_size: number | null; gpu: string | null } | null };
  answers: 'llm' | 'extractive';
  queue: { running: number; waiting: number };
}

/** The health route's dependencies: the chat's, and what a degraded start found (absent: a server with nothing to report but the archive). */
export type StatusDeps = ChatDeps & { health?: HealthDeps | undefined };

export function statusRouter(deps: StatusDeps): Router {
  const router = Router();
  const findProblems = createProblemFinder(deps.health ?? { home: deps.archive.home, stateError: null, models: [] });

  router.get('/health', async (_req, res) => {
    const identity = identityOf(res);
    const [embedder, llm] = await Promise.all([deps.embedder(), deps.llm()]);
    let archiveError: unknown = null;
    const [all, total, table_version] = await Promise.all([deps.archive.listCorpora(), deps.archive.countPassages(), deps.archive.version()]).catch((err: unknown) => {
      archiveError = err;
      return [[], 0, null] as const;
    });
    // Only the granted corpora, and only their passages in the total.
    const corpora = all.filter((c) => canReadCorpus(identity, c.corpus));
    const passages = corpora.length === all.length ? total : corpora.reduce((n, c) => n + c.passages, 0);
    const stamp = deps.archive.embedder;
    let note: string | null = null;
    if (!embedder) note = 'no embedding model configured (DARKROOM_EMBED_MODEL): full-text search only.';
    else if (!stamp) note = 'the archive has no vectors yet: full-text search only.';
    else if (stamp.sha256 !== embedder.stamp.sha256) note = `the archive was embedded with ${stamp.name}, not the configured ${embedder.stamp.name}.`;
    const problems = findProblems(archiveError);
    if (stamp && !embedder) {
      problems.push({ code: 'MODEL_MISSING', what: `The archive's vectors were made with ${stamp.name}, and no embedding model is configured.`, means: 'Search is full-text only: passages found by meaning alone are missed.', fix: `Set DARKROOM_EMBED_MODEL (or --embed-model) to the folder of ${stamp.name} and restart the server.` });
    }
    const status: Health['status'] = archiveError ? 'unavailable' : problems.length > 0 ? 'degraded' : 'ok';
    const health: Health = {
      ok: status === 'ok',
      status,
      problems,
      table_version,
      corpora,
      passages,
      semantic: { on: note === null, model: embedder?.stamp.name ?? null, note },
      llm: { on: llm !== null, model: llm ? { name: llm.info.name, backend: llm.info.backend, sha256: llm.info.sha256, context_size: llm.contextSize, gpu: llm.info.gpu } : null },
      answers: llm ? 'llm' : 'extractive',
      queue: deps.queue.stats(),
    };
    res.status(status === 'unavailable' ? 503 : 200).json(health);
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
