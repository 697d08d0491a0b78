// Serves the dashboard page and its built assets (collector/dist/dashboard, made by
// `npm run build`) under a strict CSP. The page is static and public; the reports it reads need
// the secret key, which the page asks for.
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { bundleLoader, pickEncoding } from '../assets/static-bundle.js';

/** The dashboard's Content-Security-Policy: nothing inline, nothing from another origin. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface DashboardOptions {
  /** Folder with index.html and assets/ (default: collector/dist/dashboard). */
  assetsDir?: string;
}

function securityHeaders(c: Context): void {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
}

/**
 * GET /dashboard (and /dashboard/) → the page; GET /dashboard/assets/<file> → its script, styles
 * and icon. Hashed asset names are cached for a year; the page itself is revalidated (ETag).
 * @example app.route('/', dashboardRoutes(ctx)); await app.request('/dashboard')
 */
export function dashboardRoutes(_ctx: AppContext, options: DashboardOptions = {}): Hono {
  const assetsDir = options.assetsDir ?? DEFAULT_ASSETS_DIR;
  // One loader per file: read on demand, re-read after a rebuild, compressed once per version.
  const loaders = new Map<string, ReturnType<typeof bundleLoader>>();
  const load = (path: string) => {
    let loader = loaders.get(path);
    if (!loader) loaders.set(path, (loader = bundleLoader(path)));
    return loader();
  };

  const serve = (c: Context, path: string, cacheControl: string) => {
    securityHeaders(c);
    const file = load(path);
    if (!file) return null;
    c.header('Vary', 'Accept-Encoding');
    c.header('ETag', file.etag);
    c.header('Cache-Control', cacheControl);
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream');
    const encoding = pickEncoding(c.req.header('Accept-Encoding'));
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    return c.body(file[encoding] as Uint8Array<ArrayBuffer>, 200);
  };

  const page = (c: Context) => {
    const response = serve(c, join(assetsDir, 'index.html'), 'no-cache');
    if (response) return response;
    c.header('Content-Type', 'text/plain; charset=utf-8');
    return c.body('The dashboard is not built. Run `npm run build` in the repository, then reload.', 503);
  };

  const app = new Hono();
  app.get('/dashboard', page);
  app.get('/dashboard/', page);
  app.get('/dashboard/assets/:file', (c) => {
    const name = c.req.param('file');
    // Only plain file names of known types: no path separators, no dot-files, no traversal.
    const response = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && CONTENT_TYPES[extname(name)] ? serve(c, join(assetsDir, 'assets', name), /-[A-Z0-9]{8}\.(js|css)$/.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache') : null;
    if (response) return response;
    return c.json({ error: { code: 'not_found', message: `no dashboard asset ${name}` } }, 404);
  });
  return app;
}
