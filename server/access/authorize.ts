/**
 * The one check both transports run (through http-guard.ts and socket-guard.ts): the table's policy for
 * the request, the values it names, looked up to their corpus and owner, then core/access's decision.
 * Admins (and the desk tool) skip the look-ups: they see everything.
 */
import { decide, type Refusal, type Resource } from '../../core/access/policy.ts';
import { unknownAnswer, unknownConversation, unknownCorpus, unknownPassage, unknownSource } from '../../core/access/missing.ts';
import type { ResourceKind, ResourceRef } from '../../core/access/table.ts';
import type { Action } from '../../core/access/actions.ts';
import type { Identity } from '../../core/access/types.ts';
import { DarkroomError } from '../../core/errors.ts';

/**
 * Finds what a named thing belongs to: its corpora and owners, or null when it does not exist (the
 * handler then answers its own "not found", identical to a refusal).
 */
export type ResourceLookup = (kind: Exclude<ResourceKind, 'corpus'>, value: string) => Promise<Resource | null>;

/** Reads the value a ResourceRef points at in this request. */
export type ReadRef = (ref: ResourceRef) => unknown;

/** The error a refusal is answered with. */
export function refusalError(refusal: Exclude<Refusal, 'hidden'>, action: Action, identity: Identity): DarkroomError {
  if (refusal === 'unauthenticated') {
    return new DarkroomError('UNAUTHENTICATED', 'Sign in first: POST /api/login with {"username", "password"} (the web UI\'s login page), or send an API token as "Authorization: Bearer <token>" (docs/access.md).');
  }
  return new DarkroomError('FORBIDDEN', `The ${identity.role ?? 'anonymous'} role cannot do "${action}". Ask an admin for another role (docs/access.md lists what each role may do).`);
}

/** The "not found" a hidden resource is answered with: the same as for a missing one. */
export function hiddenError(kind: ResourceKind, value: string): DarkroomError {
  switch (kind) {
    case 'corpus':
      return unknownCorpus(value);
    case 'source':
      return unknownSource(value);
    case 'passage':
      return unknownPassage(value);
    case 'answer':
      return unknownAnswer(value);
    case 'conversation':
      return unknownConversation(value);
  }
}

/** The string values at a ref: one string, each string of an array, nothing for anything else (the handler's schema refuses it). */
function valuesOf(raw: unknown): string[] {
  if (typeof raw === 'string') return raw === '' ? [] : [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/**
 * Throws the refusal's error unless `identity` may do `action` on what the request names.
 * @throws DarkroomError UNAUTHENTICATED, FORBIDDEN, or the resource's own "not found".
 */
export async function authorize(identity: Identity, policy: { action: Action; resources?: readonly ResourceRef[] | undefined }, read: ReadRef, lookup: ResourceLookup): Promise<void> {
  const base = decide(identity, policy.action);
  if (!base.allow) {
    if (base.refusal === 'hidden') throw new DarkroomError('NOT_FOUND', 'Not found.');
    throw refusalError(base.refusal, policy.action, identity);
  }
  if (identity.corpora === 'all' && identity.role === 'admin') return;
  for (const ref of policy.resources ?? []) {
    for (const value of valuesOf(read(ref))) {
      const resource = ref.kind === 'corpus' ? { corpora: [value] } : await lookup(ref.kind, value);
      if (resource === null) continue;
      const decision = decide(identity, policy.action, resource);
      if (!decision.allow) throw decision.refusal === 'hidden' ? hiddenError(ref.kind, value) : refusalError(decision.refusal, policy.action, identity);
    }
  }
}
