// Serves the built web UI: content-hashed files cached for a year in their pre-compressed form, and the app shell
// (index.html) for client-side routes, read from disk on every request so a rebuild under a running server shows.
import fs from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names everything under assets/ by its content hash, so a file there never changes. */
const hashedAssetCache = 'public, max-age=31536000, immutable';
/** Unhashed files (index.html above all) are checked with the server on every use. */
const unhashedCache = 'no-cache';

export type AppShell = {
  /** The current index.html, or null while there is none (before the first build, or mid-rebuild). */
  read(): Promise<Buffer | null>;
  cacheControl: string;
};

export async function serveWebUi(app: FastifyInstance, webRoot: string): Promise<AppShell> {
  const root = path.resolve(webRoot);
  const assetsDir = path.join(root, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root,
    // Files are looked up per request (not listed once at start), so a rebuild's new file names are served
    // without a restart.
    wildcard: true,
    // Folders, / above all, are never served from disk: the not-found handler answers page addresses with the
    // app shell.
    index: false,
    allowedPath: (pathName) => !pathName.endsWith('/'),
    dotfiles: 'ignore',
    // The build writes .br and .gz beside each asset; the variant is chosen by Accept-Encoding, with
    // Content-Type of the original and Vary: Accept-Encoding.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', file.startsWith(assetsDir) ? hashedAssetCache : unhashedCache);
    },
  });
  return { read: indexHtmlReader(path.join(root, 'index.html')), cacheControl: unhashedCache };
}

/**
 * Reads index.html on every request: it is about a kilobyte, and a rebuild rewrites it with new script names of
 * the same length, which a cache keyed on size and modification time could miss on a coarse-grained clock.
 */
function indexHtmlReader(file: string): () => Promise<Buffer | null> {
  return () => fs.readFile(file).catch(() => null);
}

/**
 * A page address of the single-page app (/regions/420502), as opposed to a file (/assets/index-1a2b.js,
 * /favicon.ico, /.source-hash): only those get the app shell, so a missing script is a 404, never HTML.
 */
export function isClientRoute(url: string): boolean {
  const pathname = url.split('?', 1)[0] ?? '';
  if (pathname === '/api' || pathname.startsWith('/api/')) return false;
  const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}
