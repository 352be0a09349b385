/**
 * The dashboard at `/`: the single-page app built by `npm run build` (Vite, from `web/`)
 * into `dist/web/`, served from the same port as the API.
 *
 * - Files of the bundle (`/assets/*`, `/favicon.svg`) with their content type; hashed
 *   assets are cached for a year, `index.html` is revalidated on every load; text files
 *   are compressed (gzip or deflate, as the browser accepts: Hono's `compress`), so the
 *   2 MB of scripts travel as about 600 kB.
 * - Client routes (`/memories/abc`, `/apps/cursor`, …): `index.html` (SPA fallback), for
 *   GET/HEAD requests whose last path segment has no file extension.
 * - Everything else falls through (`next()`): the API (`/api`, `/v1`-`/v3`, `/mcp`,
 *   `/healthz`) is never shadowed, whatever the order of mounting, and a missing asset
 *   gets the app's JSON 404.
 *
 * The bundle holds no secrets, so these routes need no API key; mount them before the
 * auth middleware so the page loads and then asks for a key when the API answers 401.
 *
 * Failure contract: when the bundle is missing, `/` and client routes answer 503 with a
 * plain-text message saying to run `npm run build`; nothing throws.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../context.js';

/** `dist/web/` of the package: this file runs from `dist/src/http/routes/`. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Paths that belong to the server, never to the dashboard. */
const RESERVED = /^\/(?:api|v\d+|mcp|healthz)(?:\/|$)/;

/** Hashed file names never change content: one year is the usual immutable lifetime. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * What the page may load: only its own scripts and styles (Mantine and the charts set
 * inline styles), data URIs for images, and requests to this origin.
 */
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
].join('; ');

/** Cache and security headers of a served file (set on the response itself, which compression then keeps). */
function secure(headers: Headers, html: boolean, hashed: boolean): void {
  headers.set('Cache-Control', hashed ? IMMUTABLE : 'no-cache');
  headers.set('X-Content-Type-Options', 'nosniff');
  if (html) {
    headers.set('Content-Security-Policy', CSP);
    headers.set('Referrer-Policy', 'no-referrer');
  }
}

/** Options of {@link webRoutes}. */
export interface WebRoutesOptions {
  /** Folder of the built bundle (holding `index.html`). @default DEFAULT_WEB_ROOT (`dist/web/`) */
  root?: string;
}

/**
 * The dashboard routes (mounted at `/`).
 * @example app.route('/', webRoutes()); // before app.use('*', authMiddleware(deps))
 */
export function webRoutes(options: WebRoutesOptions = {}): Hono<AppEnv> {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);
  const index = join(root, 'index.html');
  const routes = new Hono<AppEnv>();
  // Built lazily: `serveStatic` complains at creation when its root does not exist yet.
  let files: MiddlewareHandler | undefined;
  let page: MiddlewareHandler | undefined;
  const compressed = compress();

  routes.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (RESERVED.test(path)) return next();
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    const isFile = lastSegment.includes('.');
    if (!existsSync(index)) {
      if (isFile) return next();
      return c.text('The mnemo dashboard is not built. Run `npm run build` in the mnemo package, then restart `mnemo serve`. The API is up at /api/v1.\n', 503);
    }
    files ??= serveStatic({ root });
    page ??= serveStatic({ root, path: 'index.html' });
    const serve = isFile ? files : page;
    await compressed(c, async () => {
      const res = await serve(c, next);
      // A response means the file was found (otherwise the request went on to the API).
      if (res) {
        secure(res.headers, !isFile || path.endsWith('.html'), path.startsWith('/assets/'));
        c.res = res;
      }
    });
    return c.res;
  });
  return routes;
}
