// Serves the demo app's static files (demo-app/public) at /app/, under a strict CSP: no inline
// script anywhere, so the Uptake script tag and survey widget are shown working without 'unsafe-inline'.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const DEMO_PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** The demo's paths; everything else belongs to the collector. */
export function isDemoPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/app' || pathname.startsWith('/app/');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Scripts and styles only from this origin: nothing inline (the survey widget needs no exception). */
export const DEMO_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/**
 * The demo app's routes: `/` redirects to `/app/`, `/app/*` serves `publicDir`.
 * @example const app = demoRoutes(); (await app.request('/app/')).status // 200
 */
export function demoRoutes(publicDir: string = DEMO_PUBLIC_DIR): Hono {
  const app = new Hono();
  app.get('/', (c) => c.redirect('/app/', 302));
  app.get('/app', (c) => c.redirect('/app/', 301));
  app.get('/app/*', async (c) => {
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path.slice('/app/'.length)) || 'index.html';
    } catch {
      return c.text('bad path', 400);
    }
    if (relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(publicDir, relative));
    // Never serve anything outside the public folder (../, encoded or not).
    if (!file.startsWith(publicDir.endsWith(sep) ? publicDir : publicDir + sep) || relative.includes('\0')) return c.text('not found', 404);
    const type = TYPES[extname(file)];
    if (!type) return c.text('not found', 404);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return c.text('not found', 404);
    }
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': type,
      // The demo is edited while it runs: always revalidate.
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': DEMO_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
  });
  return app;
}
