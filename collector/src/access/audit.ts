// The audit log of admin actions (SPEC §16): time, who (the secret key, or a token's id and name,
// never a secret) and target. Other parts call `recordAudit` for their admin actions.
import { createHash } from 'node:crypto';
import type { AuditActor } from '../storage/access-store.js';
import type { Store } from '../storage/store.js';

/** The admin actions recorded; other parts add theirs (e.g. `notification.retried`, `config.reloaded`). */
export type AuditAction = 'user.erased' | 'token.created' | 'token.revoked' | 'notification.retried' | 'config.reloaded' | (string & {});

/**
 * Records one admin action; resolves once it is stored.
 * @example await recordAudit(ctx.store, { project: 'demo', actor: { type: 'secretKey' }, action: 'config.reloaded', target: 'uptake.config.json' })
 */
export function recordAudit(store: Store, entry: { project: string; actor: AuditActor; action: AuditAction; target: string; at?: number }): Promise<void> {
  return store.recordAudit({ project: entry.project, at: entry.at ?? Date.now(), actor: entry.actor, action: entry.action, target: entry.target });
}

/**
 * The audit target of an erased user: a digest, never the id itself (an erase leaves no byte of the
 * user behind, the log included); whoever holds an id can still check whether it was erased.
 * @example erasedUserTarget('u1') // 'user:sha256:…' (16 hex digits)
 */
export const erasedUserTarget = (userId: string): string => `user:sha256:${createHash('sha256').update(userId, 'utf8').digest('hex').slice(0, 16)}`;
