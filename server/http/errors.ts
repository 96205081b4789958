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
    error = clientError(err, req.headers['content-encoding']) ?? toDarkroomError(err);
  }
  if (error.status >= 500) log.error('request failed', { method: req.method, path: req.path, code: error.code, err });
  res.status(error.status).json({ error: error.toJSON() });
};

/**
 * A request the client got wrong before any route ran, as a registry error: a path whose percent-encoding is
 * not UTF-8 (`%ff%fe`, the overlong `%c0%ae`), a body that does not inflate as its Content-Encoding says, an
 * encoding or charset the server does not read, or any other 4xx the HTTP libraries raise. Null for the rest.
 */
function clientError(err: unknown, contentEncoding: string | undefined): DarkroomError | null {
  if (err instanceof DarkroomError || typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status === null || status < 400 || status >= 500) return null;
  if (err instanceof URIError) {
    return new DarkroomError('INPUT_INVALID', 'The request path has a percent-encoding that is not valid UTF-8 (such as %ff or %c0%ae). Encode each byte of a UTF-8 name as %XX; take media paths from a search hit.', { cause: err });
  }
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new DarkroomError('INPUT_INVALID', `The request body is not valid ${contentEncoding ?? 'compressed'} data (Content-Encoding: ${contentEncoding ?? 'unknown'}). Send it uncompressed, or compressed the way its Content-Encoding says.`, { cause: err });
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new DarkroomError('ENCODING_UNSUPPORTED', `The server does not read this request body (${String(e.message)}). Send JSON in UTF-8, uncompressed or with Content-Encoding gzip, deflate or br.`, { cause: err });
  }
  return new DarkroomError('INPUT_INVALID', `The request is not valid (${String(e.message)}). The HTTP routes and their bodies are listed in docs/server.md.`, { cause: err });
}

/** The answer to a route that does not exist. */
export const notFound: RequestHandler = (req, res) => {
  const error = new DarkroomError('NOT_FOUND', `No route ${req.method} ${req.originalUrl.split('?')[0]}. The HTTP routes are listed in docs/server.md (GET /api/health to check the server).`);
  res.status(error.status).json({ error: error.toJSON() });
};
