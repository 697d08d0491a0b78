// `npm start` end to end: the real entry point in a temp data dir on a free port prints its URLs,
// serves a populated overview and the demo app on one origin, stops cleanly on Ctrl-C (SIGINT),
// and reuses the data on the next start.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { DEMO_PUBLIC_DIR, demoRoutes } from '../demo-app/server/demo-routes.js';
import { launchStart, START_SCRIPT, type LaunchedStart } from '../demo-app/server/launch-start.js';

const SECRET = 'sk_demo_change_me';
const dir = mkdtempSync(join(tmpdir(), 'uptake-start-'));
const running: LaunchedStart[] = [];

afterAll(async () => {
  for (const demo of running) await demo.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function overview(url: string) {
  const res = await fetch(`${url}/v1/reports/overview`, { headers: { Authorization: `Bearer ${SECRET}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { activeAccounts: number; activeUsers: number; nps: { responses: number }; topFeatures: unknown[] };
}

describe('npm start', () => {
  let firstOverview: Awaited<ReturnType<typeof overview>>;

  it('seeds on the first start, prints the URLs and the demo key, serves everything on one port, and stops on Ctrl-C', async () => {
    const demo = await launchStart(['--data-dir', dir, '--port', '0', '--accounts', '12']);
    running.push(demo);
    const out = demo.output();
    expect(out).toContain('seeded 12 accounts');
    expect(out).toMatch(/events\/s/);
    expect(out).toContain(`Dashboard   ${demo.url}/dashboard`);
    expect(out).toContain(`API         ${demo.url}/v1/reports/overview`);
    expect(out).toContain(SECRET);
    expect(demo.url).toMatch(/^http:\/\/localhost:\d+$/);

    firstOverview = await overview(demo.url);
    expect(firstOverview.activeAccounts).toBeGreaterThan(5);
    expect(firstOverview.activeUsers).toBeGreaterThan(20);
    expect(firstOverview.nps.responses).toBeGreaterThan(0);
    expect(firstOverview.topFeatures.length).toBeGreaterThan(0);

    // The demo app, the SDK it embeds and the dashboard share the origin.
    const app = await fetch(`${demo.url}/app/`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await app.text()).toContain('<script async src="/sdk/uptake.js" data-write-key="wk_demo"></script>');
    expect((await fetch(`${demo.url}/sdk/uptake.js`)).status).toBe(200);
    expect((await fetch(`${demo.url}/dashboard`)).status).toBe(200);
    // ... so the browser's events from the demo origin are accepted.
    const batch = await fetch(`${demo.url}/v1/batch`, {
      method: 'POST',
      headers: { Origin: demo.url, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ writeKey: 'wk_demo', batch: [{ type: 'track', event: 'Invoice Created', userId: 'acme-alice', groupId: 'acme', messageId: 'start-test-1' }] }),
    });
    expect(batch.status).toBe(200);
    expect(await batch.json()).toMatchObject({ accepted: 1 });

    expect(await demo.stop('SIGINT')).toBe(0);
    expect(demo.output()).toContain('Stopped.');
    expect(existsSync(join(dir, 'uptake.db'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('seeding'))).toEqual([]);
  });

  it('reuses the data on the next start without seeding again', async () => {
    const demo = await launchStart(['--data-dir', dir, '--port', '0', '--accounts', '12']);
    running.push(demo);
    expect(demo.output()).toContain('existing data reused');
    expect(demo.output()).not.toContain('seeded');
    const again = await overview(demo.url);
    // The event sent through the first run's /v1/batch is still there: one more account and user (acme, acme-alice).
    expect(again.activeAccounts).toBe(firstOverview.activeAccounts + 1);
    expect(again.activeUsers).toBe(firstOverview.activeUsers + 1);
    expect(await demo.stop('SIGTERM')).toBe(0);
  });

  it('refuses a bad flag with one clear line and exit code 2, writing nothing', () => {
    const empty = join(dir, 'never');
    const result = spawnSync(process.execPath, [START_SCRIPT, '--data-dir', empty, '--port', 'eighty'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['npm start: --port must be a whole number from 0 to 65535, got "eighty"']);
    expect(existsSync(empty)).toBe(false);
  });
});

describe('the demo app files', () => {
  const app = demoRoutes();
  const pages = readdirSync(DEMO_PUBLIC_DIR).filter((f) => f.endsWith('.html'));

  it('embeds the plain script tag on every page, with no inline script, style or handler (strict CSP)', () => {
    expect(pages.sort()).toEqual(['clients.html', 'index.html', 'invoices.html', 'reports.html', 'team.html']);
    for (const page of pages) {
      const html = readFileSync(join(DEMO_PUBLIC_DIR, page), 'utf8');
      expect(html, page).toContain('<script async src="/sdk/uptake.js" data-write-key="wk_demo"></script>');
      expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g), page).toBeNull();
      expect(html.match(/<style|\sstyle=|\son[a-z]+=/gi), page).toBeNull();
    }
  });

  it('redirects / to the app and serves its files with the CSP', async () => {
    const root = await app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const index = await app.request('/app/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    const script = await app.request('/app/js/sign-in.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/app/../package.json', '/app/%2e%2e/%2e%2e/package.json', '/app/..%2f..%2fpackage.json', '/app/missing.html', '/app/js/'])('answers 404 for %s', async (path) => {
    expect((await app.request(path)).status).toBe(404);
  });
});
