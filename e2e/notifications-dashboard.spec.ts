// The notifications page of the dashboard in a real Chromium: after a test notification to a
// receiver that accepts and one to a receiver that answers 500, the page lists both with their status,
// attempts and last error (no URL), under the strict CSP.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCollector, type RunningCollector } from './support/collector.js';

const SECRET_KEY = 'sk_notifications_e2e_secret';
let collector: RunningCollector;
let receiver: Server;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.url === '/broken' ? 500 : 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  collector = await startCollector({
    projects: [{
      id: 'notify', name: 'Notify', writeKey: 'wk_notify_e2e', secretKey: SECRET_KEY, allowedOrigins: [],
      notifications: {
        allowInsecureDestinations: true, allowPrivateDestinations: true,
        destinations: [{ id: 'team-slack', type: 'slack', url: `${base}/ok` }, { id: 'crm-hook', type: 'webhook', url: `${base}/broken`, secret: 'whsec_e2e' }],
      },
    }],
  });
  for (const destination of ['team-slack', 'crm-hook']) {
    const res = await fetch(`${collector.url}/v1/admin/notifications/test?destination=${destination}`, { method: 'POST', headers: { authorization: `Bearer ${SECRET_KEY}` } });
    expect(res.status).toBe(200);
  }
});

test.afterAll(async () => {
  await collector?.dispose();
  await new Promise((resolve) => receiver?.close(resolve));
});

test('lists recent notifications with status and last error', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  await page.goto(`${collector.url}/dashboard`);
  await page.getByLabel('Secret key').fill(SECRET_KEY);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page).toHaveURL(/#\/notifications$/);
  const rows = page.locator('.data-table tbody tr');
  await expect(rows).toHaveCount(2);
  const ok = rows.filter({ hasText: 'team-slack' });
  await expect(ok).toContainText('delivered');
  const broken = rows.filter({ hasText: 'crm-hook' });
  await expect(broken).toContainText('pending');
  await expect(broken).toContainText('HTTP 500 from http://127.0.0.1');
  await expect(broken).not.toContainText('/broken');
  expect(violations).toEqual([]);
});
