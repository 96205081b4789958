/**
 * Signing in and out (mount at `/api`):
 *
 * - `GET  /api/session`  `{ logins: boolean, user: { name, role, corpora } | null }`: whether a sign-in is
 *   needed, and who is signed in (the UI asks first).
 * - `POST /api/login`    `{ username, password }` -> sets the session cookie (HttpOnly, SameSite=Strict,
 *   expiring), answers `{ user }`. A wrong name and a wrong password get the same answer in the same time.
 * - `POST /api/logout`   revokes the session and clears the cookie.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Identity } from '../../core/access/types.ts';
import { DarkroomError } from '../../core/errors.ts';
import { appendAudit } from '../../core/store/state/access/audit.ts';
import { createSession, DEFAULT_SESSION_HOURS, revokeSession } from '../../core/store/state/access/credentials.ts';
import { USER_NAME, type UserDirectory } from '../../core/store/state/access/users.ts';
import type { StateStore } from '../../core/store/state/open-state.ts';
import { validatePayload } from '../validate.ts';
import { loginsOn, readCookie, SESSION_COOKIE, type AuthMode } from './authenticate.ts';
import { identityOf } from './identity.ts';
import type { LoginLimiter } from './rate-limit.ts';

const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) }).strict();

/** What the UI shows of who is signed in. */
export function describeIdentity(identity: Identity): { name: string; role: string; corpora: 'all' | readonly string[] } | null {
  return identity.kind === 'anonymous' || !identity.name || !identity.role ? null : { name: identity.name, role: identity.role, corpora: identity.corpora };
}

export interface SessionRouterDeps {
  state: StateStore;
  users: UserDirectory;
  mode: AuthMode;
  limiter: LoginLimiter;
  sessionHours?: number | undefined;
  /** Called after a sign-out, so that the session's open sockets are dropped. */
  onRevoked(): void;
}

function cookie(req: Request, value: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${req.secure ? '; Secure' : ''}`;
}

export function createSessionRouter(deps: SessionRouterDeps | null): Router {
  const router = Router();
  router.get('/session', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ logins: deps ? loginsOn(deps.mode, deps.users) : false, user: describeIdentity(identityOf(res)) });
  });
  router.post('/login', async (req, res) => {
    if (!deps || !loginsOn(deps.mode, deps.users)) throw new DarkroomError('INPUT_INVALID', 'Sign-in is off: this server is the single-person desk tool (loopback, no user). Create a user with `darkroom users add <name> --role admin` to turn sign-in on.');
    const { username, password } = validatePayload(loginSchema, req.body, 'sign-in (POST /api/login)');
    const address = req.socket.remoteAddress ?? 'unknown';
    const audit = (outcome: 'ok' | 'failed' | 'refused', actor: string | null) =>
      deps.state.write((db) => appendAudit(db, { actor, via: 'session', action: 'login', outcome, target: USER_NAME.test(username) ? username : null, details: { address } }));
    try {
      deps.limiter.check(address, username);
    } catch (err) {
      audit('refused', null);
      const retry = (err as { retryAfterS?: number }).retryAfterS;
      if (retry) res.setHeader('Retry-After', String(retry));
      throw err;
    }
    const user = await deps.users.verify(username, password);
    if (!user) {
      deps.limiter.fail(address, username);
      audit('failed', null);
      throw new DarkroomError('UNAUTHENTICATED', 'Wrong user name or password.');
    }
    deps.limiter.succeed(address, username);
    const hours = deps.sessionHours ?? DEFAULT_SESSION_HOURS;
    const session = createSession(deps.state, { userId: user.id, userName: user.name, hours, address });
    audit('ok', user.name);
    res.setHeader('Set-Cookie', cookie(req, session.value, Math.round(hours * 3600)));
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: { name: user.name, role: user.role, corpora: user.role === 'admin' ? 'all' : user.corpora }, expires_at: session.expiresAt });
  });
  router.post('/logout', (req, res) => {
    const value = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (deps && value) {
      revokeSession(deps.state, value);
      const identity = identityOf(res);
      if (identity.name) deps.state.write((db) => appendAudit(db, { actor: identity.name, via: 'session', action: 'logout' }));
      deps.onRevoked();
    }
    res.setHeader('Set-Cookie', cookie(req, '', 0));
    res.json({ ok: true });
  });
  return router;
}
