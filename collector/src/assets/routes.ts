// GET /sdk/uptake.js, /sdk/uptake-surveys.js, /sdk/uptake-worker.js (SPEC §5): the built SDK, survey widget and the SDK's delivery worker, with
// ETag, caching, gzip/brotli and CORS (the widget is loaded cross-origin as an ES module).
import { Hono, type Context } from 'hono';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { bundleLoader, pickEncoding } from './static-bundle.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** URL path → built file, relative to the repository root. */
export const BUNDLES: Record<string, string> = {
  '/sdk/uptake.js': 'sdk/dist/uptake.js',
  '/sdk/uptake-surveys.js': 'survey-widget/dist/uptake-surveys.js',
  // The SDK's delivery worker, loaded by uptake.js (docs/sdk.md, "Delivery worker").
  '/sdk/uptake-worker.js': 'sdk/dist/uptake-worker.js',
};

/** Unversioned URLs: cached a day, then revalidated by ETag in the background for a week more. */
export const CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';
/** `?v=<hash of this content>` URLs never change. */
export const CACHE_CONTROL_VERSIONED = 'public, max-age=31536000, immutable';

export interface AssetsOptions {
  /** Directory the BUNDLES paths are relative to (tests point it at a temp dir). */
  root?: string;
}

/**
 * Mounts the bundle routes. A bundle that is not built answers 404 with the JSON error body.
 * @example app.route('/', assetsRoutes(ctx)); await app.request('/sdk/uptake.js')
 */
export function assetsRoutes(_ctx: AppContext, options: AssetsOptions = {}): Hono {
  const app = new Hono();
  for (const [urlPath, file] of Object.entries(BUNDLES)) {
    const load = bundleLoader(`${options.root ?? ROOT}/${file}`);
    const serve = (c: Context) => {
      const bundle = load();
      if (!bundle) throw new UptakeError('not_found', `${file} is not built; run \`npm run build\``);
      // Static public files: any page may load them (module scripts are fetched with CORS).
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Vary', 'Accept-Encoding');
      c.header('ETag', bundle.etag);
      c.header('Cache-Control', c.req.query('v') === bundle.hash ? CACHE_CONTROL_VERSIONED : CACHE_CONTROL);
      const match = c.req.header('If-None-Match');
      if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bundle.etag)) return c.body(null, 304);
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      const encoding = pickEncoding(c.req.header('Accept-Encoding'));
      if (encoding !== 'identity') c.header('Content-Encoding', encoding);
      const body = bundle[encoding];
      c.header('Content-Length', String(body.length));
      // HEAD is answered by this GET route; Hono leaves the body out.
      return c.body(body as Uint8Array<ArrayBuffer>, 200);
    };
    app.get(urlPath, serve);
  }
  return app;
}
