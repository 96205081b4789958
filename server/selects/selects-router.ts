/**
 * HTTP routes of the select lists (mount at `/api/selects`):
 *
 * - `GET    /api/selects/:corpus`           the list: `{ corpus, items: SelectItem[] }`
 * - `POST   /api/selects/:corpus`           add a passage: `{ passage_id, handle_before_s?, handle_after_s?, start_s?, end_s?, note?, position? }`
 * - `PUT    /api/selects/:corpus/order`     reorder: `{ ids: [...] }` (every id once)
 * - `PATCH  /api/selects/:corpus/:id`       change handles or note: `{ handle_before_s?, handle_after_s?, note? }`
 * - `DELETE /api/selects/:corpus/:id`       remove one
 * - `DELETE /api/selects/:corpus`           clear the list
 *
 * Every answer that changes the list returns it whole. Errors: `{ error: { code, message } }`.
 */
import express, { Router } from 'express';
import type { SelectsService } from './selects-service.ts';
import { sendHttpError } from './http-errors.ts';

export function createSelectsRouter(deps: { selects: SelectsService }): Router {
  const { selects } = deps;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  router.get('/:corpus', async (req, res) => {
    res.json({ corpus: req.params.corpus, items: await selects.list(req.params.corpus) });
  });
  router.post('/:corpus', async (req, res) => {
    res.status(201).json({ corpus: req.params.corpus, items: await selects.add(req.params.corpus, req.body ?? {}) });
  });
  router.put('/:corpus/order', async (req, res) => {
    res.json({ corpus: req.params.corpus, items: await selects.reorder(req.params.corpus, req.body ?? {}) });
  });
  router.patch('/:corpus/:id', async (req, res) => {
    res.json({ corpus: req.params.corpus, items: await selects.update(req.params.corpus, req.params.id, req.body ?? {}) });
  });
  router.delete('/:corpus/:id', async (req, res) => {
    res.json({ corpus: req.params.corpus, items: await selects.remove(req.params.corpus, req.params.id) });
  });
  router.delete('/:corpus', async (req, res) => {
    res.json({ corpus: req.params.corpus, items: await selects.clear(req.params.corpus) });
  });
  router.use(sendHttpError);
  return router;
}
