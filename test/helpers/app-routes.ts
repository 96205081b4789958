/**
 * What a real app registers: the HTTP routes (method + full express path), found by walking the express
 * router stack, and the events the server-side sockets listen to. The access table's coverage test and the
 * attacker's table test enumerate from here, so that a route or event added anywhere shows up in both.
 */
import type { Express } from 'express';
import type { Socket } from 'socket.io';
import { accessGuardMark } from '../../server/access/http-guard.ts';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[]; [accessGuardMark]?: boolean };
  rawPath?: unknown;
}

function join(prefix: string, part: unknown): string {
  const p = typeof part === 'string' ? part : String(part);
  if (p === '/' || p === '') return prefix || '/';
  return `${prefix}${p}`;
}

/** Every route of the app, its mount paths included; the access guard's own lines are left out. */
export function listRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = join(prefix, layer.route.path);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path });
        if (layer.route.methods._all) out.push({ method: 'ALL', path });
      } else if (layer.handle?.stack && !layer.handle[accessGuardMark]) {
        walk(layer.handle.stack, join(prefix, layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** Events socket.io itself emits on a server-side socket (not sent by clients). */
const reserved = new Set(['disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

/** The events a server-side socket listens to, as registered by the gateways. */
export function listSocketEvents(socket: Socket): string[] {
  return socket.eventNames().map(String).filter((e) => !reserved.has(e));
}
