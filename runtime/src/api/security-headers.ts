import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Security headers on every response, through Hono's secure-headers middleware: the editor's
 * CSP (a route that sets its own, such as an artifact's sandbox, keeps it), nosniff, no
 * referrer, no framing (X-Frame-Options DENY and frame-ancestors), and cross-origin isolation
 * of resources and windows. No HSTS: the runtime speaks plain HTTP on the machine it runs on,
 * and a TLS proxy in front sets its own.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    overwrite: false,
    // The editor's policy: only its own scripts (no inline script, no eval — charts interpret
    // Vega expressions instead of compiling them), its own API and live stream, no plugins, no
    // <base> tricks, no framing. Styles may be inline: chart libraries inject theirs.
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
    xContentTypeOptions: 'nosniff',
  });
}
