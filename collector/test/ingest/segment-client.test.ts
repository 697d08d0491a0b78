// A real third-party client: Segment's analytics-node, pointed at the collector by changing `host` only.
import { Analytics } from '@segment/analytics-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEventRow } from '../../src/storage/store.js';
import { WRITE_KEY, startTestCollector, type TestCollector } from './support.js';
import { scanEvents } from '../../src/storage/scan-events.js';

describe('@segment/analytics-node against the collector', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startTestCollector();
  });
  afterEach(async () => {
    await c.close();
  });

  it('delivers identify, group and track calls, which are stored and attributed', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: c.url });
    const failures: unknown[] = [];
    analytics.on('error', (err) => failures.push(err));

    analytics.identify({ userId: 'seg-user', traits: { email: 'seg@acme.io', role: 'admin' } });
    analytics.group({ userId: 'seg-user', groupId: 'seg-acme', traits: { name: 'Acme', plan: 'enterprise', seats: 25 } });
    analytics.track({ userId: 'seg-user', event: 'Report Exported', properties: { format: 'pdf' } });
    analytics.page({ anonymousId: 'seg-anon', name: 'Pricing' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);

    const rows: StoredEventRow[] = [];
    for await (const r of scanEvents(c.store, 'test')) rows.push(r);
    expect(rows.map((r) => [r.type, r.event, r.userKey, r.accountId]).sort()).toEqual(
      [
        ['group', null, 'seg-user', 'seg-acme'],
        ['identify', null, 'seg-user', null],
        ['page', 'Pricing', 'seg-anon', null],
        ['track', 'Report Exported', 'seg-user', 'seg-acme'],
      ].sort(),
    );
    expect(rows.find((r) => r.type === 'track')?.properties).toEqual({ format: 'pdf' });
    expect(rows.every((r) => r.messageId.length > 0)).toBe(true);
    expect((await c.store.getUser('test', 'seg-user'))?.traits).toMatchObject({ email: 'seg@acme.io', role: 'admin' });
    expect(await c.store.getAccount('test', 'seg-acme')).toMatchObject({ name: 'Acme', plan: 'enterprise', seats: 25 });
  });
});
