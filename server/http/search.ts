/** GET /api/search?q=&corpus=&limit=&kind=&speaker=&language=&source=: the same hits as `darkroom search --json`. */
import { Router } from 'express';
import type { Request } from 'express';
import { searchPayloadSchema } from '../../core/protocol/chat.ts';
import { searchArchive } from '../../core/search/search.ts';
import type { ChatDeps } from '../chat/service.ts';
import { createClientBudget, runBounded, searchLimits, type WorkGate } from '../chat/work-gate.ts';
import { validatePayload } from '../validate.ts';
import { searchScope } from '../../core/access/policy.ts';
import { identityOf } from '../access/identity.ts';

/** Reads a single string query parameter (a repeated one is an error the schema reports). */
function param(req: Request, name: string): unknown {
  const v = req.query[name];
  return v === '' ? undefined : v;
}

/** The search route: bounded by the server's search gate and, per remote address, by {@link searchLimits}.perClient. */
export function searchRouter(deps: Pick<ChatDeps, 'archive' | 'embedder' | 'fusion'> & { searchGate: WorkGate }): Router {
  const router = Router();
  const budget = createClientBudget({ max: searchLimits.perClient, what: 'searches', who: 'address' });
  router.get('/search', async (req, res) => {
    const limit = param(req, 'limit');
    const filters = { kind: param(req, 'kind'), speaker: param(req, 'speaker'), language: param(req, 'language'), source: param(req, 'source') };
    const payload = validatePayload(
      searchPayloadSchema,
      {
        query: param(req, 'q') ?? '',
        corpus: param(req, 'corpus'),
        limit: typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : limit,
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      },
      'search (GET /api/search?q=...)',
    );
    const result = await runBounded(deps.searchGate, budget, req.socket.remoteAddress ?? 'unknown', async () =>
      searchArchive(deps.archive, await deps.embedder(), { ...payload, corpora: searchScope(identityOf(res)), fusion: deps.fusion }),
    );
    res.json({ query: payload.query, semantic: result.semantic, notes: result.notes, empty: result.empty, ms: result.ms, hits: result.hits });
  });
  return router;
}
