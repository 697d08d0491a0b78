// CORS for the routes browsers call (POST /v1/batch, GET /v1/surveys). A request with an `Origin`
// header is a browser request: it is answered with CORS headers, errors included, and its origin
// must be in the write key's project `allowedOrigins`. Preflights never touch storage.
import type { Context, MiddlewareHandler } from 'hono';
import type { Config, ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';

/** True when `origin` is listed by the project (`"*"` allows any origin). */
export function isOriginAllowed(project: ProjectConfig, origin: string): boolean {
  return project.allowedOrigins.some((allowed) => allowed === '*' || allowed === origin);
}

/**
 * Answers preflights (204 for an origin some project allows, 403 without CORS headers otherwise) and adds
 * `Access-Control-Allow-Origin`, `Vary: Origin` and `Access-Control-Expose-Headers: Retry-After` to
 * every response to a browser request, error responses included. Which project's origins apply is
 * only known once the write key is read: the route then calls `assertOriginAllowed`.
 * @example
 * app.use('/v1/surveys', cors(ctx.config));
 * app.get('/v1/surveys', (c) => { const project = ...; assertOriginAllowed(c, project); ... });
 */
export function cors(config: Config | (() => Config), options: { methods?: string[] } = {}): MiddlewareHandler {
  const methods = (options.methods ?? ['GET', 'POST', 'OPTIONS']).join(', ');
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    c.header('Vary', 'Origin');
    // A refused preflight grants nothing: no Access-Control-* header at all.
    // A function gives the config of the moment (it may be reloaded, SPEC §13).
    const projects = (typeof config === 'function' ? config() : config).projects;
    if (c.req.method === 'OPTIONS' && !projects.some((p) => isOriginAllowed(p, origin))) {
      throw new UptakeError('forbidden_origin', `origin ${origin} is not in allowedOrigins`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'Retry-After');
    if (c.req.method !== 'OPTIONS') return next();

    c.header('Access-Control-Allow-Methods', methods);
    c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? 'Content-Type, Authorization, X-Uptake-Write-Key');
    c.header('Access-Control-Max-Age', '600');
    return c.body(null, 204);
  };
}

/**
 * Throws `forbidden_origin` (403) when a browser request's origin is not allowed by the project.
 * Requests without `Origin` (server libraries) are not origin-checked.
 * @example assertOriginAllowed(c, project)
 */
export function assertOriginAllowed(c: Context, project: ProjectConfig): void {
  const origin = c.req.header('origin');
  if (origin && !isOriginAllowed(project, origin)) {
    throw new UptakeError('forbidden_origin', `origin ${origin} is not in allowedOrigins of this write key`);
  }
}
