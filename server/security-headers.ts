// Security headers on every response (API, web UI, docs, errors and 404s), set as the request arrives so that even
// an answer from a hook carries them. The values are helmet's, worked out once at start: @fastify/helmet builds
// helmet's middleware anew on every request (≈7 % of a logged-in read's CPU, decision 0006), and our headers do
// not vary by route or request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * One policy for the web UI and /api/docs (swagger-ui), both of which load only their own scripts.
 * - script-src 'self': no inline scripts anywhere; Vite emits module files only (dist/web/index.html).
 * - style-src 'unsafe-inline': Ant Design's CSS-in-JS injects <style> elements at run time, index.html has one
 *   small <style>, and ECharts and swagger-ui set style attributes. Styles cannot run code; nonces would mean
 *   rewriting index.html per request and threading the nonce into antd's ConfigProvider for no real gain.
 * - img-src data:: the favicon and antd's empty-state pictures are data: URIs.
 * - no upgrade-insecure-requests: Tongchou is often served on plain HTTP inside an office network, where
 *   upgrading every asset request to HTTPS would leave a blank page.
 */
const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    workerSrc: ["'self'"],
  },
};

const helmetOptions = {
  contentSecurityPolicy,
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
  // Browsers ignore it over plain HTTP; behind HTTPS it keeps this host on HTTPS. Other hosts of the same
  // office domain may still be plain HTTP, so not includeSubDomains.
  strictTransportSecurity: { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false },
};

/** What helmet would set on a response with these options: it only sets and removes headers, never reads. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(helmetOptions)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
