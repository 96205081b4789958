/**
 * Questions over HTTP: POST /api/ask (JSON, or NDJSON events with `?stream=1` or `Accept: application/x-ndjson`),
 * answer records, conversations, and replay. A client that goes away stops its generation.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import { DarkroomError } from '../../core/errors.ts';
import { askPayloadSchema } from '../../core/protocol/chat.ts';
import { collectAnswer } from '../chat/collect.ts';
import { replayAnswer } from '../chat/replay.ts';
import type { ChatDeps, ChatService } from '../chat/service.ts';
import { validatePayload } from '../validate.ts';
import { unknownAnswer, unknownConversation } from '../../core/access/missing.ts';
import { searchScope, seesEveryOwner } from '../../core/access/policy.ts';
import { identityOf } from '../access/identity.ts';

function wantsStream(req: Request): boolean {
  return req.query.stream === '1' || req.query.stream === 'true' || (req.get('accept') ?? '').includes('application/x-ndjson');
}

/** An AbortSignal that fires when the client closes the connection before the answer is complete. */
function abortOnClose(res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

export function askRouter(deps: ChatDeps & { chat: ChatService }): Router {
  const router = Router();

  router.post('/ask', async (req, res) => {
    if (!req.is('application/json')) {
      throw new DarkroomError('INPUT_INVALID', 'POST /api/ask takes a JSON body ({"question": "...", "corpus": "..."}) with Content-Type: application/json.');
    }
    const payload = validatePayload(askPayloadSchema, req.body, 'question (POST /api/ask)');
    const controller = abortOnClose(res);
    const identity = identityOf(res);
    const events = deps.chat.ask(payload, { signal: controller.signal, owner: identity.userId, corpora: searchScope(identity), actor: { name: identity.name, via: identity.via } });
    if (!wantsStream(req)) {
      res.json(await collectAnswer(events));
      return;
    }
    res.status(200).type('application/x-ndjson').setHeader('Cache-Control', 'no-store');
    res.flushHeaders();
    for await (const event of events) {
      if (controller.signal.aborted) break;
      res.write(JSON.stringify(event) + '\n');
    }
    res.end();
  });

  router.get('/answers/:id', async (req, res) => {
    const record = await deps.store.getAnswer(req.params.id);
    if (!record) throw unknownAnswer(req.params.id);
    res.json(record);
  });

  router.post('/answers/:id/replay', async (req, res) => {
    res.json(await replayAnswer(deps, req.params.id, { corpora: searchScope(identityOf(res)) }));
  });

  router.get('/conversations', async (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new DarkroomError('INPUT_INVALID', 'limit must be a whole number from 1 to 1000.');
    const identity = identityOf(res);
    const corpora = searchScope(identity);
    const scope = seesEveryOwner(identity) ? {} : { owner: identity.userId, ...(corpora ? { corpora: [...corpora] } : {}) };
    res.json({ conversations: await deps.store.listConversations(limit, scope) });
  });

  router.get('/conversations/:id', async (req, res) => {
    const found = await deps.store.getConversation(req.params.id);
    if (!found) throw unknownConversation(req.params.id);
    res.json(found);
  });

  return router;
}
