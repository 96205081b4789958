/**
 * The access policy: identity + action + resource -> allow, or the kind of refusal. Pure, synchronous,
 * no I/O: the transports' adapters (server/access/http-guard.ts, socket-guard.ts) look the resource up
 * and ask here. A refusal is one of:
 *
 * - `unauthenticated` (401): nobody signed in.
 * - `forbidden` (403): the role cannot do this at all (a viewer editing selects). Says nothing about any data.
 * - `hidden` (404): the corpus is not granted, or the answer/conversation is someone else's. Answered exactly
 *   like a missing id, so that its existence is not revealed.
 */
import { isPublicAction, roleAllows, type Action } from './actions.ts';
import type { Identity } from './types.ts';

/** What the request touches, as the adapter found it. Absent fields are not checked. */
export interface Resource {
  /** Corpora concerned (a corpus named in the request, the corpus of a source, answer or conversation). */
  corpora?: ReadonlyArray<string | null> | undefined;
  /**
   * Owner of an answer or conversation: a user id; null for one made before logins (desk mode), which
   * only admins see; undefined when the resource has no owner.
   */
  owners?: ReadonlyArray<string | null> | undefined;
}

export type Refusal = 'unauthenticated' | 'forbidden' | 'hidden';
export type Decision = { allow: true } | { allow: false; refusal: Refusal };

const allowed: Decision = Object.freeze({ allow: true });

/** Decides whether `identity` may do `action` on `resource`. */
export function decide(identity: Identity, action: Action, resource: Resource = {}): Decision {
  if (isPublicAction(action)) return allowed;
  if (identity.kind === 'anonymous' || identity.role === null) return { allow: false, refusal: 'unauthenticated' };
  if (!roleAllows(identity.role, action)) return { allow: false, refusal: 'forbidden' };
  if (identity.role === 'admin') return allowed;
  for (const corpus of resource.corpora ?? []) {
    if (corpus !== null && !canReadCorpus(identity, corpus)) return { allow: false, refusal: 'hidden' };
  }
  for (const owner of resource.owners ?? []) {
    if (owner !== identity.userId) return { allow: false, refusal: 'hidden' };
  }
  return allowed;
}

/** Whether `identity` may read `corpus`. */
export function canReadCorpus(identity: Identity, corpus: string): boolean {
  return identity.corpora === 'all' || identity.corpora.includes(corpus);
}

/**
 * The corpora a search or an ask without a corpus may look in: null for every corpus (admins, the desk
 * tool), else the granted names (possibly none).
 */
export function searchScope(identity: Identity): readonly string[] | null {
  return identity.corpora === 'all' ? null : identity.corpora;
}

/** Whether the identity sees every answer and conversation, or only its own. */
export function seesEveryOwner(identity: Identity): boolean {
  return identity.role === 'admin';
}
