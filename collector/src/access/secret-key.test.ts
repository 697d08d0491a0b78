import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { parseConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import type { AppContext } from '../context.js';
import { requireAccess, type AccessEnv } from './require-access.js';
import { projectForSecretKey } from './secret-key.js';

const config = parseConfig({
  projects: [
    { id: 'a', name: 'A', writeKey: 'wk_a', secretKey: 'sk_a_secret' },
    { id: 'b', name: 'B', writeKey: 'wk_b', secretKey: 'sk_b_secret_longer' },
  ],
});

function app() {
  // Only the secret-key path is taken (no `ut_` token), so the store is never asked.
  const ctx = { config, store: {}, now: () => 0 } as unknown as AppContext;
  const a = new Hono<AccessEnv>();
  a.use('*', requireAccess(ctx, 'admin'));
  a.get('/x', (c) => c.json({ project: c.get('project').id }));
  a.onError((err, c) => c.json({ error: { code: (err as UptakeError).code } }, (err as UptakeError).status as 401));
  return a;
}

describe('secret key (requireAccess)', () => {
  it('selects the project of the key', () => {
    expect(projectForSecretKey(config.projects, 'sk_b_secret_longer')?.id).toBe('b');
    expect(projectForSecretKey(config.projects, 'sk_a_secre')).toBeNull();
    expect(projectForSecretKey(config.projects, '')).toBeNull();
  });

  it('lets a Bearer secret key through', async () => {
    const res = await app().request('/x', { headers: { Authorization: 'Bearer sk_a_secret' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ project: 'a' });
  });

  it.each([
    ['no header', undefined],
    ['the write key', 'Bearer wk_a'],
    ['a wrong key', 'Bearer sk_a_secreT'],
    ['Basic auth', `Basic ${Buffer.from('sk_a_secret:').toString('base64')}`],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 with %s', async (_, header) => {
    const res = await app().request('/x', { headers: header ? { Authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized' } });
  });
});
