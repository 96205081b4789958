/**
 * What a caller can do, and which roles may do it. Every HTTP route, socket event and CLI command maps to
 * one action in core/access/table.ts. Roles (docs/access.md):
 *
 * - viewer: ask, search, read and play the corpora granted to them; their own answers and conversations.
 * - editor: a viewer who also keeps select lists, exports them and ingests into granted corpora.
 * - admin: everything, every corpus, every answer, people, grants, tokens and the audit trail.
 */
import type { Role } from './types.ts';

export const actionRoles = {
  /** The web UI's files and the sign-in routes: open to anyone (the login page must load). */
  'ui.read': 'public',
  'session.login': 'public',
  'session.read': 'public',
  'session.logout': 'public',
  'health.read': ['admin', 'editor', 'viewer'],
  'corpora.list': ['admin', 'editor', 'viewer'],
  'sources.list': ['admin', 'editor', 'viewer'],
  search: ['admin', 'editor', 'viewer'],
  ask: ['admin', 'editor', 'viewer'],
  /** Stop one's own running answer (a connection only sees its own). */
  'ask.cancel': ['admin', 'editor', 'viewer'],
  'answer.read': ['admin', 'editor', 'viewer'],
  'answer.replay': ['admin', 'editor', 'viewer'],
  'conversation.list': ['admin', 'editor', 'viewer'],
  'conversation.read': ['admin', 'editor', 'viewer'],
  /** Open a document or its extracted text. */
  'source.open': ['admin', 'editor', 'viewer'],
  /** Play a recording (the file, its proxy, its playback status). */
  'source.play': ['admin', 'editor', 'viewer'],
  /** The edit-suite `hello`. */
  'edit.hello': ['admin', 'editor', 'viewer'],
  'selects.read': ['admin', 'editor'],
  'selects.write': ['admin', 'editor'],
  'selects.export': ['admin', 'editor'],
  ingest: ['admin', 'editor'],
  /** Withdraw sources, restrictions, embargoes (the consent engineer's routes). */
  'consent.manage': ['admin'],
  'users.manage': ['admin'],
  'tokens.manage': ['admin'],
  'audit.read': ['admin'],
  /** Server administration from the CLI: serve, models, proxies, backup. */
  'server.admin': ['admin'],
} as const satisfies Record<string, 'public' | readonly Role[]>;

export type Action = keyof typeof actionRoles;

/** Whether anyone, signed in or not, may do `action`. */
export function isPublicAction(action: Action): boolean {
  return actionRoles[action] === 'public';
}

/** Whether `role` may do `action` (grants and ownership are checked apart). */
export function roleAllows(role: Role, action: Action): boolean {
  const allowed = actionRoles[action];
  return allowed === 'public' || (allowed as readonly Role[]).includes(role);
}
