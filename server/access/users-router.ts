/**
 * People and grants for the admin page (mount at `/api`; admins only, by the access table):
 *
 * - `GET    /api/users`                     `{ users: [{ name, role, corpora, created_at }] }`
 * - `POST   /api/users`                     `{ name, role, password }` -> the user
 * - `PATCH  /api/users/:name`               `{ role?, password? }` -> the user
 * - `DELETE /api/users/:name`               removes them, their sessions and tokens
 * - `PUT    /api/users/:name/grants`        `{ corpora: [...] }`: exactly these grants -> the user
 */
import { Router } from 'express';
import { z } from 'zod';
import { roles } from '../../core/access/types.ts';
import type { UserDirectory, UserInfo } from '../../core/store/state/access/users.ts';
import { validatePayload } from '../validate.ts';
import { identityOf } from './identity.ts';

const addSchema = z.object({ name: z.string().trim().min(1).max(64), role: z.enum(roles), password: z.string().min(1).max(1024) }).strict();
const patchSchema = z.object({ role: z.enum(roles).optional(), password: z.string().min(1).max(1024).optional() }).strict();
const grantsSchema = z.object({ corpora: z.array(z.string().trim().min(1).max(64)).max(1000) }).strict();

const show = (u: UserInfo) => ({ name: u.name, role: u.role, corpora: u.corpora, created_at: u.created_at });

export function createUsersRouter(deps: { users: UserDirectory; onRevoked(): void }): Router {
  const { users } = deps;
  const router = Router();
  const actor = (res: Parameters<typeof identityOf>[0]) => identityOf(res).name ?? 'unknown';
  router.get('/users', (_req, res) => {
    res.json({ users: users.list().map(show) });
  });
  router.post('/users', async (req, res) => {
    const body = validatePayload(addSchema, req.body, 'new user (POST /api/users)');
    res.status(201).json(show(await users.add({ ...body, actor: actor(res) })));
  });
  router.patch('/users/:name', async (req, res) => {
    const body = validatePayload(patchSchema, req.body, 'user change (PATCH /api/users/:name)');
    if (body.password !== undefined) await users.setPassword(req.params.name, body.password, actor(res));
    const user = body.role !== undefined ? users.setRole(req.params.name, body.role, actor(res)) : users.get(req.params.name);
    deps.onRevoked();
    res.json(user ? show(user) : null);
  });
  router.delete('/users/:name', (req, res) => {
    users.remove(req.params.name, actor(res));
    deps.onRevoked();
    res.json({ removed: req.params.name });
  });
  router.put('/users/:name/grants', (req, res) => {
    const { corpora } = validatePayload(grantsSchema, req.body, 'grants (PUT /api/users/:name/grants)');
    const current = users.get(req.params.name)?.corpora ?? [];
    const drop = current.filter((c) => !corpora.includes(c));
    if (drop.length > 0) users.revoke(req.params.name, drop, actor(res));
    const add = corpora.filter((c) => !current.includes(c));
    const user = add.length > 0 ? users.grant(req.params.name, add, actor(res)) : users.get(req.params.name);
    res.json(user ? show(user) : null);
  });
  return router;
}
