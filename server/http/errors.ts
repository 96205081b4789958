/** HTTP errors: one JSON shape, `{ error: { code, message } }`, with the status of the code in core/errors.ts. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DarkroomError, toDarkroomError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';

const log = createLogger('http');

/** Turns body-parser failures into clear errors, anything else into a DarkroomError, and answers JSON. */
export const handleErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const type = (err as { type?: unknown } | null)?.type;
  let error: DarkroomError;
  if (type === 'entity.too.large') {
    const limit = (err as { limit?: number }).limit;
    error = new DarkroomError('PAYLOAD_TOO_LARGE', `The request body is over the ${limit ?? ''} byte limit. Send a shorter question.`);
  } else if (type === 'entity.parse.failed') {
    error = new DarkroomError('INPUT_INVALID', 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.');
  } else {
    error = toDarkroomError(err);
  }
  if (error.status >= 500) log.error('request failed', { method: req.method, path: req.path, code: error.code, err });
  res.status(error.status).json({ error: error.toJSON() });
};

/** The answer to a route that does not exist. */
export const notFound: RequestHandler = (req, res) => {
  const error = new DarkroomError('NOT_FOUND', `No route ${req.method} ${req.originalUrl.split('?')[0]}. The HTTP routes are listed in docs/server.md (GET /api/health to check the server).`);
  res.status(error.status).json({ error: error.toJSON() });
};
