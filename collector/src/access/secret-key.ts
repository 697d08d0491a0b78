// The project a secret key opens (`requireAccess` uses it for `Authorization: Bearer <secretKey>`). Keys
// are compared in constant time over equal-length SHA-256 digests; the key itself is never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProjectConfig } from '../config.js';

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
