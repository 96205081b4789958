/** The selects routers' error answer: `{ error: { code, message } }` with the code's HTTP status. */
import type { NextFunction, Request, Response } from 'express';
import { toDarkroomError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';

const log = createLogger('selects-http');

export function sendHttpError(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const body = err as { type?: string; status?: number };
  const error =
    body.type === 'entity.parse.failed'
      ? toDarkroomError(new Error('The request body is not valid JSON. Send a JSON object.'), 'INPUT_INVALID')
      : toDarkroomError(err);
  if (error.status >= 500) log.error('request failed', { code: error.code, err });
  res.status(error.status).json({ error: error.toJSON() });
}
