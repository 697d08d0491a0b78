// Guards reports and admin routes: `Authorization: Bearer <secretKey>` selects the project. Keys are
// compared in constant time over equal-length SHA-256 digests; the key itself is never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';

export type SecretKeyEnv = { Variables: { project: ProjectConfig } };

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * Finds the project whose secret key equals `key`, comparing against every project in constant time
 * (no early exit, so timing reveals neither which project nor how much of a key matched).
 * @example projectForSecretKey(projects, 'sk_demo_change_me')?.id // 'demo'
 */
export function projectForSecretKey(projects: readonly ProjectConfig[], key: string): ProjectConfig | null {
  const given = digest(key);
  let found: ProjectConfig | null = null;
  for (const p of projects) {
    if (timingSafeEqual(given, digest(p.secretKey)) && found === null) found = p;
  }
  return found;
}

/**
 * Hono middleware: 401 unless the request carries a project's secret key as a Bearer token (a write
 * key is refused); sets `c.get('project')`.
 * @example app.use('/v1/reports/*', requireSecretKey(config.projects))
 */
export function requireSecretKey(projects: readonly ProjectConfig[] | (() => readonly ProjectConfig[])): MiddlewareHandler<SecretKeyEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) throw new UptakeError('unauthorized', 'reports and admin need "Authorization: Bearer <secretKey>"');
    // A function gives the projects of the moment (the config may be reloaded, SPEC §13).
    const project = projectForSecretKey(typeof projects === 'function' ? projects() : projects, match[1]);
    if (!project) throw new UptakeError('unauthorized', 'unknown secret key (a write key does not open reports)');
    c.set('project', project);
    await next();
  };
}
