// Two collectors on one PostgreSQL database (each with its own connection pool and outbox worker,
// as two processes behind a load balancer): every notification is sent by exactly one of them, and
// two evaluations at the same moment notify an account once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { outboxItem } from '../../src/notifications/envelope.js';
import { createNotifications, type Notifications } from '../../src/notifications/service.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { accountsDataset, NOW, PROJECT_FIELDS } from '../notifications/accounts-fixture.js';
import { startHttpReceiver, type HttpReceiver } from '../notifications/receivers.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';
import { validateBatch } from '../../src/ingest/normalize.js';

const available = postgresAvailable();
let server: PgServer;
let receiver: HttpReceiver;
const stores: PostgresStore[] = [];
const services: Notifications[] = [];
let config: Config;

describe.skipIf(!available)('notifications with two collectors on one PostgreSQL', () => {
  beforeAll(async () => {
    server = await startPgServer();
    receiver = await startHttpReceiver();
    const url = await server.createDatabase();
    config = parseConfig({
      projects: [{
        id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_long_enough', ...PROJECT_FIELDS,
        notifications: {
          allowInsecureDestinations: true, allowPrivateDestinations: true,
          destinations: [{ id: 'crm', type: 'webhook', url: receiver.url, secret: 'whsec_x' }],
          rules: [{ on: 'account.at_risk', to: ['crm'] }],
        },
      }],
    }, 'config', () => {});
    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStore(url);
      stores.push(store);
      services.push(createNotifications({ config, store, now: () => NOW }, { pollMs: 20, concurrency: 3, log: () => {} }));
    }
  });
  afterAll(async () => {
    for (const s of services) await s.stop();
    for (const s of stores) await s.close();
    await receiver?.close();
    await server?.stop();
  });

  it('sends each of 60 notifications once while both workers poll', async () => {
    const items = Array.from({ length: 60 }, (_, i) => outboxItem({ type: 'test', project: 'demo', occurredAt: new Date(NOW).toISOString(), data: { i } }, `n${i}`, 'crm', NOW - 1000));
    for (const s of services) s.worker.start();
    // Queued through both collectors, interleaved.
    await Promise.all([stores[0].enqueueNotifications(items.slice(0, 30)), stores[1].enqueueNotifications(items.slice(30))]);
    await receiver.received(60);
    await Promise.all(services.map((s) => s.worker.drain()));
    const ids = receiver.posts.map((p) => p.json.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(await stores[0].listNotifications('demo', 'delivered', 100)).toHaveLength(60);
    for (const s of services) await s.worker.stop();
  });

  it('two evaluations at once queue the new risk once', async () => {
    const { events } = validateBatch(accountsDataset(), { receivedAt: NOW, sentAt: null });
    await stores[0].ingest('demo', events);
    const results = await Promise.all(services.map((s) => s.evaluate(config.projects[0])));
    // "drop" gains usage_drop: one collector's compare-and-set wins and queues 1; the other queues 0.
    expect(results.map((r) => r.queued).sort()).toEqual([0, 1]);
    const atRisk = (await stores[1].listNotifications('demo', null, 200)).filter((n) => n.type === 'account.at_risk');
    expect(atRisk).toHaveLength(1);
  });
});
