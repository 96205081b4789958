import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Router } from 'express';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { cliPolicies, httpPolicies, socketPolicies } from '../../core/access/table.ts';
import { ingestCommands } from '../../ingest/commands/index.ts';
import { serverCommands } from '../../server/commands/index.ts';
import { toolCommands } from '../../bin/commands/index.ts';
import { listRoutes, listSocketEvents } from '../helpers/app-routes.ts';
import { tempDir } from '../helpers/env.ts';
import { startTestServer, type TestServer } from '../helpers/server-app.ts';

/** Connects to a namespace and resolves once connected. */
function open(url: string, namespace: string): Promise<ClientSocket> {
  const socket = connect(url + namespace, { transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('the access table has a line for every route, event and command', () => {
  let server: TestServer;
  const web = tempDir('darkroom-web-');
  before(async () => {
    mkdirSync(web.dir, { recursive: true });
    writeFileSync(path.join(web.dir, 'index.html'), '<!doctype html><title>Darkroom</title>');
    // What `darkroom serve` mounts (server/studio.ts), and an extra route nobody put in the table.
    const stray = Router();
    stray.get('/stray', (_req, res) => {
      res.json({ leaked: true });
    });
    server = await startTestServer({ studio: true, webRoot: web.dir, extraRouters: [['/api/test-only', stray]] });
  });
  after(async () => {
    await server.close();
    web.cleanup();
  });

  const has = (r: { method: string; path: string }) => httpPolicies.some((p) => p.method === r.method && p.path === r.path);

  it('finds a policy line (same method, same express path) for every route registered on the real app', () => {
    const routes = listRoutes(server.app.app);
    assert.ok(routes.length >= 20, `the walk found the app's routes (${routes.length})`);
    assert.ok(routes.some((r) => r.path === '/api/selects/:corpus/export'), 'routes of mounted routers are found with their mount path');
    const missing = routes.filter((r) => !has(r) && r.path !== '/api/test-only/stray');
    assert.deepEqual(missing, [], `routes without a line in core/access/table.ts: ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    assert.ok(routes.some((r) => r.path === '/api/test-only/stray') && !has({ method: 'GET', path: '/api/test-only/stray' }), 'the walk sees a route added without a line');
  });

  it('refuses a route that has no policy line, even to the desk tool\'s local admin (default deny)', async () => {
    const res = await fetch(`${server.url}/api/test-only/stray`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
  });

  it('finds a policy line for every event the server-side sockets of / and /edit listen to', async () => {
    const chat = await open(server.url, '/');
    const edit = await open(server.url, '/edit');
    try {
      for (const [namespace, client] of [['/', chat], ['/edit', edit]] as const) {
        const serverSocket = server.app.io.of(namespace).sockets.get(client.id ?? '');
        assert.ok(serverSocket, `the server-side socket of ${namespace}`);
        const events = listSocketEvents(serverSocket);
        assert.ok(events.length >= (namespace === '/' ? 3 : 9), `${namespace} listens to ${events.join(', ')}`);
        const missing = events.filter((e) => !socketPolicies.some((p) => p.namespace === namespace && p.event === e));
        assert.deepEqual(missing, [], `events of ${namespace} without a line in core/access/table.ts`);
      }
    } finally {
      chat.close();
      edit.close();
    }
  });

  it('refuses a socket event that has no policy line with the namespace\'s error event', async () => {
    const edit = await open(server.url, '/edit');
    try {
      const reply = await edit.timeout(10_000).emitWithAck('delete-everything', { request_id: 'x1' });
      assert.equal((reply as { error: { code: string; request_id: string } }).error.code, 'NOT_FOUND');
    } finally {
      edit.close();
    }
  });

  it('finds a policy line for every CLI command', () => {
    const names = [...ingestCommands(), ...serverCommands(), ...toolCommands()].map((c) => c.name());
    const missing = names.filter((n) => !cliPolicies.some((p) => p.command === n));
    assert.deepEqual(missing, [], 'CLI commands without a line in core/access/table.ts');
  });
});
