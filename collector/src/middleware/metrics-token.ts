// Guards the per-project figures of GET /metrics (SPEC §16): shown only when the config sets
// `metricsToken` and the scraper sends it as `Authorization: Bearer <metricsToken>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { UptakeError } from '../errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * True when `authorization` carries the configured metrics token (compared in constant time); false
 * without a header or without a configured token; throws 401 for a wrong token, so a misconfigured
 * scraper is noticed instead of silently getting the reduced page.
 * @example metricsTokenSent('mt_0123456789abcdef', 'Bearer mt_0123456789abcdef') // → true
 */
export function metricsTokenSent(configured: string | undefined, authorization: string | undefined): boolean {
  if (!authorization) return false;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!configured || !match) return false;
  if (!timingSafeEqual(digest(match[1]), digest(configured))) throw new UptakeError('unauthorized', 'wrong metrics token (the metricsToken of the config)');
  return true;
}
