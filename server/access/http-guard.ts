/**
 * The HTTP adapter of the access policy: one express router, mounted before every route, that
 * authenticates the request, finds its line in the access table (core/access/table.ts) with express's own
 * path matching, and lets it through or answers the refusal. A request no line matches is refused.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { HttpPolicy, ResourceRef } from '../../core/access/table.ts';
import { httpPolicies } from '../../core/access/table.ts';
import type { Identity } from '../../core/access/types.ts';
import { notFound } from '../http/errors.ts';
import { authorize, type ResourceLookup } from './authorize.ts';

export interface HttpGuardDeps {
  /** Who sent this request (session cookie, bearer token, or the desk tool's local identity). */
  authenticate(req: Request): Promise<Identity>;
  lookup: ResourceLookup;
  /** The table; default: core/access's. */
  policies?: readonly HttpPolicy[];
  /** Called once a request is let through (the audit trail hooks here). */
  onAllowed?(req: Request, res: Response, policy: HttpPolicy, identity: Identity): void;
}

/** Marks the guard router itself, so that a walk of the app's routes can leave its lines out. */
export const accessGuardMark = Symbol.for('darkroom.accessGuard');

/** `res.locals` key marking a request already checked (several table lines can match one path). */
const CHECKED = 'accessPolicy';

/** The policy a request was let through with, if any. */
export function policyOf(res: Response): HttpPolicy | undefined {
  return res.locals[CHECKED] as HttpPolicy | undefined;
}

function readRef(req: Request): (ref: ResourceRef) => unknown {
  return (ref) => {
    const from = ref.from === 'params' ? req.params : ref.from === 'query' ? req.query : ref.from === 'body' ? (req.body as unknown) : undefined;
    return from && typeof from === 'object' ? (from as Record<string, unknown>)[ref.key] : undefined;
  };
}

/** Whether `path` falls under one of the line's excluded prefixes (case-insensitive, like express's matching). */
function excluded(policy: HttpPolicy, path: string): boolean {
  const lower = path.toLowerCase();
  return (policy.except ?? []).some((prefix) => lower === prefix || lower.startsWith(prefix + '/'));
}

/** Builds the guard router. Mount it with `app.use(...)` after the body parser and before any route. */
export function createHttpGuard(deps: HttpGuardDeps): Router {
  const router = Object.assign(Router(), { [accessGuardMark]: true });
  router.use(async (req, res, next) => {
    res.locals.identity = await deps.authenticate(req);
    next();
  });
  for (const policy of deps.policies ?? httpPolicies) {
    const check: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
      if (res.locals[CHECKED] || excluded(policy, req.path)) {
        next();
        return;
      }
      const identity = res.locals.identity as Identity;
      await authorize(identity, policy, readRef(req), deps.lookup);
      res.locals[CHECKED] = policy;
      deps.onAllowed?.(req, res, policy, identity);
      next();
    };
    const method = policy.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](policy.path, check);
  }
  // Default deny: a request no line matched gets the same answer as a route that does not exist.
  router.use((req, res, next) => {
    if (res.locals[CHECKED]) next();
    else notFound(req, res, next);
  });
  return router;
}
