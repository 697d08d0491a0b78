// The Store contract for tokens and the audit log (SPEC §16), run inside describeStore on every store.
import { describe, expect, it } from 'vitest';
import { storePerTest } from './store-per-test.js';
import type { NewAccessToken } from './access-store.js';
import type { Store } from './store.js';

const token = (fields: Partial<NewAccessToken> = {}): NewAccessToken => ({
  id: 'tok_a',
  project: 'p',
  name: 'Alice (PM)',
  scope: 'reports:read',
  accountId: null,
  tokenHash: 'a'.repeat(64),
  createdAt: 1_000,
  ...fields,
});

/**
 * Token and audit tests against a fresh store per test.
 * @example describeAccessStore(() => openSqliteStore(':memory:'))
 */
export function describeAccessStore(open: () => Promise<Store>, cleanup: () => Promise<void>): void {
  describe('tokens and audit', () => {
    let store: Store;
    storePerTest(open, cleanup, (opened) => {
      store = opened;
    });

    it('finds a token by the hash of its secret, lists it without the hash, and revokes it at once', async () => {
      await store.createAccessToken(token());
      await store.createAccessToken(token({ id: 'tok_b', name: 'Acme viewer', accountId: 'acme', tokenHash: 'b'.repeat(64), createdAt: 2_000 }));
      await store.createAccessToken(token({ id: 'tok_c', project: 'q', scope: 'admin', tokenHash: 'c'.repeat(64) }));

      const alice = { id: 'tok_a', project: 'p', name: 'Alice (PM)', scope: 'reports:read', accountId: null, createdAt: 1_000, lastUsedAt: null };
      expect(await store.findAccessToken('a'.repeat(64))).toEqual(alice);
      expect(await store.findAccessToken('d'.repeat(64))).toBeNull();
      expect((await store.listAccessTokens('p')).map((t) => [t.id, t.accountId])).toEqual([['tok_a', null], ['tok_b', 'acme']]);
      expect(await store.listAccessTokens('p')).toContainEqual(alice);

      await store.touchAccessToken('tok_a', 5_000);
      await store.touchAccessToken('tok_a', 4_000); // an older use does not move it back
      expect((await store.findAccessToken('a'.repeat(64)))?.lastUsedAt).toBe(5_000);

      expect(await store.revokeAccessToken('q', 'tok_a', 6_000)).toBe(false); // another project's token
      expect(await store.revokeAccessToken('p', 'tok_a', 6_000)).toBe(true);
      expect(await store.revokeAccessToken('p', 'tok_a', 7_000)).toBe(false); // already revoked
      expect(await store.findAccessToken('a'.repeat(64))).toBeNull();
      expect((await store.listAccessTokens('p')).map((t) => t.id)).toEqual(['tok_b']);
    });

    it('refuses a second token with the same hash', async () => {
      await store.createAccessToken(token());
      await expect(store.createAccessToken(token({ id: 'tok_z' }))).rejects.toThrow();
    });

    it('keeps the audit log per project, newest first, bounded by limit', async () => {
      await store.recordAudit({ project: 'p', at: 1, actor: { type: 'secretKey' }, action: 'token.created', target: 'token:tok_a' });
      await store.recordAudit({ project: 'p', at: 2, actor: { type: 'token', id: 'tok_a', name: 'Alice (PM)' }, action: 'user.erased', target: 'user:sha256:0123' });
      await store.recordAudit({ project: 'q', at: 3, actor: { type: 'cli' }, action: 'token.revoked', target: 'token:tok_c' });
      expect(await store.listAudit('p', 10)).toEqual([
        { project: 'p', at: 2, actor: { type: 'token', id: 'tok_a', name: 'Alice (PM)' }, action: 'user.erased', target: 'user:sha256:0123' },
        { project: 'p', at: 1, actor: { type: 'secretKey' }, action: 'token.created', target: 'token:tok_a' },
      ]);
      expect((await store.listAudit('p', 1)).map((e) => e.at)).toEqual([2]);
      expect((await store.listAudit('q', 10)).map((e) => e.actor)).toEqual([{ type: 'cli' }]);
    });
  });
}
