/**
 * HTTP export of a select list (mount at `/api/selects`):
 * `GET /api/selects/:corpus/export?format=edl|fcpxml|premiere-xml|premiere-markers|resolve-markers|avid-locators|srt|vtt[&fps=25][&title=…]`
 * answers the file itself, with `Content-Disposition: attachment; filename="…"`.
 */
import { Router } from 'express';
import type { SelectsService } from './selects-service.ts';
import { sendHttpError } from './http-errors.ts';

export function createExportRouter(deps: { selects: SelectsService }): Router {
  const router = Router();
  router.get('/:corpus/export', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const request = Object.fromEntries(['format', 'fps', 'title'].filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));
    const file = await deps.selects.exportList(req.params.corpus, request);
    res.type(file.contentType);
    res.attachment(file.filename);
    res.send(file.body);
  });
  router.use(sendHttpError);
  return router;
}
