/**
 * The host guard: which names this server answers to, checked on every HTTP request and every socket.io
 * handshake (one engine serves both namespaces, so `allowRequest` covers the chat and `/edit`).
 *
 * - **Host** (every request, media and static files included): a page on `http://rebind.evil:4317` whose
 *   name an attacker re-points at 127.0.0.1 (DNS rebinding) reaches this server with `Host: rebind.evil:4317`.
 *   Only names of this machine are answered; anything else gets 421 HOST_NOT_ALLOWED.
 * - **Origin**, falling back to Referer (state-changing methods POST/PUT/PATCH/DELETE, and socket.io
 *   handshakes): a page elsewhere must not drive this server through the user's browser (CSRF, a
 *   cross-origin `<form>` POST). A foreign origin gets 403 ORIGIN_NOT_ALLOWED. A request with neither header
 *   (curl, the CLI, edit-suite panels) passes: browsers always send Origin on cross-origin POSTs and
 *   WebSocket handshakes.
 *
 * Allowed names: `localhost`, `127.0.0.1`, `[::1]` and the bind host always; then DARKROOM_ALLOWED_HOSTS
 * when set, else (bound to 0.0.0.0 or ::) the machine's host name and interface addresses at start. Ports:
 * a built-in name is allowed at the port the server listens on only; a configured `name` at that port and
 * at the scheme's default port (a reverse proxy in front sends `Host: name`); a configured `name:port` at
 * that port. The access layer (core/access) builds on {@link HostGuard.checkOrigin} for its CSRF rule.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import type { NextFunction, Request, Response } from 'express';
import { DarkroomError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';

const log = createLogger('host-guard');

/** Names every Darkroom server answers to, whatever its configuration (they cannot be rebound). */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** HTTP methods that change state; only these (and socket handshakes) have their Origin checked. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A port as a request names it: a number, or 'default' when the Host has none (80/443 by scheme). */
type RequestPort = number | 'default';

interface AllowedName {
  name: string;
  /** null: the listening port (built-in names); a number: that port; 'any-default': listening or default. */
  port: number | null | 'listening-or-default';
}

export interface HostGuardOptions {
  /** The HTTP server: its listening address gives the port and the bind host. */
  server: HttpServer;
  /** DARKROOM_ALLOWED_HOSTS (config.allowedHosts): replaces the automatic names when set. */
  allowedHosts?: readonly string[] | undefined;
}

export interface HostGuard {
  /** The error for a Host header this server does not answer to, or null when it is allowed. */
  checkHost(host: string | undefined): DarkroomError | null;
  /**
   * The error for a request whose Origin (or, without one, Referer) names another site, or null when it is
   * allowed or names nothing (non-browser clients).
   */
  checkOrigin(headers: IncomingHttpHeaders): DarkroomError | null;
  /** Express middleware: Host on every request, Origin on state-changing ones; answers the error as JSON. */
  middleware(req: Request, res: Response, next: NextFunction): void;
  /** socket.io's `allowRequest`: Host and Origin on every handshake (all namespaces share the engine). */
  allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** The allowed names as `name:port` strings (for logs and docs; never sent to a client). */
  describe(): string[];
}

/** Builds the guard of `server`. The allowed set is computed when the server starts listening. */
export function createHostGuard(options: HostGuardOptions): HostGuard {
  let cache: { key: string; names: AllowedName[] } | null = null;
  const allowedNames = (): { names: AllowedName[]; port: number | null } => {
    const address = options.server.address();
    const port = typeof address === 'object' && address ? address.port : null;
    const bind = typeof address === 'object' && address ? address.address : null;
    const key = `${bind ?? ''}:${port ?? ''}`;
    if (cache?.key !== key) {
      cache = { key, names: buildAllowedNames(bind, options.allowedHosts) };
      log.info('allowed hosts', { port, names: cache.names.map(formatName) });
    }
    return { names: cache.names, port };
  };

  const isAllowed = (name: string, port: RequestPort): boolean => {
    const { names, port: listening } = allowedNames();
    return names.some((n) => n.name === name && portMatches(n.port, port, listening));
  };

  const checkHost = (host: string | undefined): DarkroomError | null => {
    const parsed = host === undefined ? null : parseHost(host);
    if (parsed && isAllowed(parsed.name, parsed.port)) return null;
    return new DarkroomError(
      'HOST_NOT_ALLOWED',
      `This Darkroom server does not answer to the name "${host ?? ''}" (a page elsewhere may be reaching it through DNS rebinding). If you reach it by that name on purpose, add it to DARKROOM_ALLOWED_HOSTS (comma-separated, see docs/server.md) and restart the server.`,
    );
  };

  const checkOrigin = (headers: IncomingHttpHeaders): DarkroomError | null => {
    const origin = headers.origin;
    const claimed = origin !== undefined ? origin : headers.referer;
    if (claimed === undefined || claimed === '') return null;
    const parsed = parseOrigin(claimed);
    if (parsed && isAllowed(parsed.name, parsed.port)) return null;
    const site = parsed ? parsed.origin : claimed.slice(0, 200);
    return new DarkroomError(
      'ORIGIN_NOT_ALLOWED',
      `A page at ${site} may not use this Darkroom server (its ${origin !== undefined ? 'Origin' : 'Referer'} is not one of the server's names). Open Darkroom at its own address; if that page is this server under another name, add the name to DARKROOM_ALLOWED_HOSTS (see docs/server.md).`,
    );
  };

  return {
    checkHost,
    checkOrigin,
    middleware(req, res, next) {
      const error = checkHost(req.headers.host) ?? (STATE_CHANGING.has(req.method) ? checkOrigin(req.headers) : null);
      if (!error) {
        next();
        return;
      }
      log.warn('request refused', { method: req.method, path: req.path, host: req.headers.host, origin: req.headers.origin ?? req.headers.referer, code: error.code });
      res.status(error.status).json({ error: error.toJSON() });
    },
    allowRequest(req, callback) {
      const error = checkHost(req.headers.host) ?? checkOrigin(req.headers);
      if (error) log.warn('socket handshake refused', { host: req.headers.host, origin: req.headers.origin ?? req.headers.referer, code: error.code });
      callback(error ? `${error.code}: ${error.message}` : null, error === null);
    },
    describe: () => allowedNames().names.map(formatName),
  };
}

/** The names of this server: loopback, the bind host, then the configured list or the automatic one. */
function buildAllowedNames(bind: string | null, configured: readonly string[] | undefined): AllowedName[] {
  const names: AllowedName[] = LOOPBACK_NAMES.map((name) => ({ name, port: null }));
  const wildcard = bind === '0.0.0.0' || bind === '::';
  if (bind && !wildcard) names.push({ name: normalizeName(bind), port: null });
  if (configured) {
    for (const entry of configured) {
      const parsed = parseHost(entry);
      if (parsed) names.push({ name: parsed.name, port: parsed.port === 'default' ? 'listening-or-default' : parsed.port });
    }
  } else if (wildcard) {
    names.push({ name: hostname().toLowerCase(), port: null });
    for (const list of Object.values(networkInterfaces())) {
      for (const iface of list ?? []) {
        // Link-local IPv6 addresses need a zone id, which browsers do not take in a URL.
        if (iface.family === 'IPv6' && /^fe80:/i.test(iface.address)) continue;
        if (bind === '0.0.0.0' && iface.family === 'IPv6') continue;
        names.push({ name: normalizeName(iface.address), port: null });
      }
    }
  }
  return names;
}

function portMatches(allowed: AllowedName['port'], port: RequestPort, listening: number | null): boolean {
  if (allowed === null) return port === listening || (port === 'default' && (listening === 80 || listening === 443));
  if (allowed === 'listening-or-default') return port === listening || port === 'default';
  return port === allowed || (port === 'default' && (allowed === 80 || allowed === 443));
}

/** A name as a URL spells it: lower case, IPv6 in brackets, IPv4 in dotted quads, no trailing dot. */
function normalizeName(name: string): string {
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  try {
    return new URL(`http://${bracketed}/`).hostname.replace(/\.$/, '');
  } catch {
    return bracketed.toLowerCase();
  }
}

/** Host header syntax: a name or IPv4 address, or an IPv6 address in brackets, and an optional port. */
const HOST_SYNTAX = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::(\d{1,5}))?$/;

/** Splits a Host header (or a configured entry) into its normalized name and port; null when malformed. */
function parseHost(host: string): { name: string; port: RequestPort } | null {
  const m = HOST_SYNTAX.exec(host.trim());
  if (!m?.[1]) return null;
  const port = m[2] === undefined ? 'default' : Number(m[2]);
  if (port !== 'default' && port > 65535) return null;
  return { name: normalizeName(m[1]), port };
}

/** Parses an Origin or Referer into its name and port (a default port for the scheme reads as 'default'). */
function parseOrigin(value: string): { name: string; port: RequestPort; origin: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { name: url.hostname.replace(/\.$/, ''), port: url.port === '' ? 'default' : Number(url.port), origin: url.origin };
}

function formatName(n: AllowedName): string {
  return `${n.name}:${n.port === null ? 'listening port' : n.port === 'listening-or-default' ? 'listening or default port' : n.port}`;
}
