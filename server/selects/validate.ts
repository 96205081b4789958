/** zod validation that fails as a DarkroomError INPUT_INVALID naming each bad field and what it must be. */
import type { z } from 'zod';
import { DarkroomError } from '../../core/errors.ts';

export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`).join('; ');
  throw new DarkroomError('INPUT_INVALID', `Invalid ${what}: ${problems}. See docs/protocol/edit-suite.md for the fields.`);
}
