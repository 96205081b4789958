/**
 * Security headers for every response (HTML, API, media): the page can load scripts, styles, images,
 * media and connections from its own origin only. An answer or a document that carries a markdown image
 * or an HTML tag pointing elsewhere cannot make the browser send anything out, even if it were rendered.
 */
import type { NextFunction, Request, Response } from 'express';

/**
 * The Content-Security-Policy Darkroom sends. `'self'` covers the same-origin socket.io connection
 * (ws:/wss: to the page's own host and port, CSP level 3); nothing else is allowed.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Express middleware that sets the CSP and the usual hardening headers. Mount it first, before the routes. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // same-origin: no Referer to other sites, and the page's own POSTs carry its real Origin (with
  // no-referrer a browser sends `Origin: null`, which the host guard must refuse as a hidden origin).
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  next();
}
