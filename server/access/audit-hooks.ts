/**
 * What the transports write to the audit trail once a request is let through: searches (the query, a
 * redactable payload), sources opened and played, exports, replays. Questions and their retrieved and cited
 * sources are written by the chat service itself (one place for HTTP, sockets and the CLI); sign-ins by the
 * session routes; changes of people, grants and tokens by the store, in the same transaction as the change.
 */
import type { Request } from 'express';
import type { Socket } from 'socket.io';
import type { Action } from '../../core/access/actions.ts';
import type { HttpPolicy } from '../../core/access/table.ts';
import type { Identity } from '../../core/access/types.ts';
import { createLogger } from '../../core/logger.ts';
import type { AuditInput } from '../../core/store/state/access/audit.ts';
import type { ResourceLookup } from './authorize.ts';

const log = createLogger('audit');

/** Writes one entry (in the state store's write transaction). */
export type AuditSink = (entry: AuditInput) => void;

export interface AuditHooks {
  http(req: Request, policy: HttpPolicy, identity: Identity): void;
  socket(socket: Socket, event: string, payload: unknown, identity: Identity): void;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function createAuditHooks(deps: { sink: AuditSink; lookup: ResourceLookup }): AuditHooks {
  const write = (entry: AuditInput) => {
    try {
      deps.sink(entry);
    } catch (err) {
      log.error('cannot write the audit trail', { action: entry.action, err });
    }
  };
  /** An entry about a source, with the source's corpus looked up first. */
  const aboutSource = (identity: Identity, action: Action, source: string, details?: Record<string, unknown>) => {
    deps
      .lookup('source', source)
      .then((found) => write({ actor: identity.name, via: identity.via, action, corpus: found?.corpora?.[0] ?? null, target: source, details }))
      .catch((err: unknown) => log.error('cannot look up a source for the audit trail', { source, err }));
  };
  return {
    http(req, policy, identity) {
      const params = req.params as Record<string, string | undefined>;
      switch (policy.action) {
        case 'search':
          write({ actor: identity.name, via: identity.via, action: 'search', corpus: str(req.query.corpus), payload: str(req.query.q) });
          break;
        case 'source.open':
          if (params.sourceId) aboutSource(identity, 'source.open', params.sourceId);
          break;
        case 'source.play': {
          // A player asks for many byte ranges of one file: only the first (no range, or from byte 0) is a play.
          const range = req.headers.range;
          if (params.sourceId && !policy.path.endsWith('/playback') && (range === undefined || /^bytes=0-/.test(range))) aboutSource(identity, 'source.play', params.sourceId);
          break;
        }
        case 'selects.export':
          write({ actor: identity.name, via: identity.via, action: 'selects.export', corpus: params.corpus ?? null, details: { format: str(req.query.format) } });
          break;
        case 'answer.replay':
          write({ actor: identity.name, via: identity.via, action: 'answer.replay', target: params.id ?? null });
          break;
        default:
          break;
      }
    },
    socket(_socket, event, payload, identity) {
      const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
      if (event === 'search') write({ actor: identity.name, via: identity.via, action: 'search', corpus: str(p.corpus), payload: str(p.query) });
      else if (event === 'whats-said' && str(p.source)) aboutSource(identity, 'source.open', String(p.source));
      else if (event === 'selects:export') write({ actor: identity.name, via: identity.via, action: 'selects.export', corpus: str(p.corpus), details: { format: str(p.format) } });
    },
  };
}
