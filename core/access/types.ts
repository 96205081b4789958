/**
 * Who is asking: the identity every transport hands to the access policy (core/access/policy.ts).
 * Pure types and constructors: no I/O. Sessions, tokens and the desk mode are turned into an Identity
 * by server/access/authenticate.ts.
 */

/** Roles, from most to least powerful. */
export const roles = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** How the caller proved who they are. */
export type IdentityVia = 'local' | 'session' | 'token';

export interface Identity {
  /**
   * `local`: the single-person desk tool (loopback, no user created, logins off): an implicit admin.
   * `user`: a person signed in with a session cookie, or a machine with an API token.
   * `anonymous`: nobody signed in while logins are on.
   */
  kind: 'local' | 'user' | 'anonymous';
  /** The user's id in the state store; null for local and anonymous. */
  userId: string | null;
  /** The user's name (shown in the header and the audit trail); "local" for the desk tool. */
  name: string | null;
  role: Role | null;
  /** Corpora this identity may read: every one (`all`, admins and the desk tool) or the granted names. */
  corpora: 'all' | readonly string[];
  via: IdentityVia | null;
  /** The session or token this request came with (to revoke its sockets). */
  sessionId?: string | undefined;
  tokenId?: string | undefined;
}

/** The desk tool's identity: loopback, no user created, logins off. */
export const localIdentity: Identity = Object.freeze({ kind: 'local', userId: null, name: 'local', role: 'admin', corpora: 'all', via: 'local' });

/** Nobody signed in. */
export const anonymousIdentity: Identity = Object.freeze({ kind: 'anonymous', userId: null, name: null, role: null, corpora: [], via: null });

/** A signed-in user's identity; admins read every corpus whatever their grants say. */
export function userIdentity(user: { id: string; name: string; role: Role; corpora: readonly string[] }, via: IdentityVia, ids: { sessionId?: string; tokenId?: string } = {}): Identity {
  return {
    kind: 'user',
    userId: user.id,
    name: user.name,
    role: user.role,
    corpora: user.role === 'admin' ? 'all' : [...user.corpora],
    via,
    sessionId: ids.sessionId,
    tokenId: ids.tokenId,
  };
}

/** Whether a string names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
