/** Validates a client payload (HTTP body or query, socket.io event) against its zod schema from core/protocol/chat.ts. */
import type { z } from 'zod';
import { DarkroomError } from '../core/errors.ts';

/**
 * Returns the parsed payload, or throws INPUT_INVALID naming each bad field (PAYLOAD_TOO_LARGE when a
 * field is over its length limit).
 */
export function validatePayload<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const lines = issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`);
  // A string over its length limit (the question, a filter) is "too large"; a number over its maximum is just invalid.
  const tooBig = issues.some((issue) => issue.code === 'too_big' && issue.origin === 'string');
  throw new DarkroomError(tooBig ? 'PAYLOAD_TOO_LARGE' : 'INPUT_INVALID', `Invalid ${what}: ${lines.join('; ')}. The events and payloads are described in docs/server.md (defined in core/protocol/chat.ts).`);
}

/** The request_id of a raw payload if it has a usable one, so that an error can still be matched to its request. */
export function requestIdOf(data: unknown): string {
  if (data && typeof data === 'object' && 'request_id' in data) {
    const id = (data as { request_id: unknown }).request_id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 100) return id;
  }
  return '';
}
