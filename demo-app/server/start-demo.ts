// What `npm start` runs once the bundles are built: one HTTP server with the collector (ingest,
// surveys, reports, dashboard, SDK bundles) and the demo app on the same origin, on one SQLite file
// that is seeded with demo data the first time only.
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { closeGracefully, createApp, createContext, loadConfig, openStore, seedStore, type ProjectConfig, type SeedResult, type Store } from '@uptake/collector';
import { demoRoutes, isDemoPath } from './demo-routes.js';

/** The write key the demo pages embed (`data-write-key` in demo-app/public/*.html). */
export const DEMO_WRITE_KEY = 'wk_demo';

export interface StartDemoOptions {
  configPath: string;
  dbPath: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Seed options for the first start, or false to start empty. */
  seed: { accounts: number; days: number; seed: number } | false;
  /** Called once the config is valid, just before a first start's seeding begins. */
  onSeeding?: () => void;
}

export interface RunningDemo {
  /** Base URL to open in a browser (`http://localhost:PORT` for loopback hosts). */
  url: string;
  port: number;
  project: ProjectConfig;
  /** What was seeded on this start; null when an existing database was reused (or seeding was off). */
  seeded: SeedResult | null;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

/** Seeds into a side file renamed into place at the end, so an interrupted first start leaves no half-seeded database. */
async function seedFirstStart(dbPath: string, project: ProjectConfig, seed: Exclude<StartDemoOptions['seed'], false>): Promise<SeedResult> {
  const temp = `${dbPath}.seeding`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  const store = await openStore(temp);
  let result: SeedResult;
  try {
    result = await seedStore(store, project, seed);
  } finally {
    await store.close();
  }
  // Closing checkpoints the WAL; move any leftover with its database.
  if (existsSync(`${temp}-wal`)) renameSync(`${temp}-wal`, `${dbPath}-wal`);
  rmSync(`${temp}-shm`, { force: true });
  renameSync(temp, dbPath);
  return result;
}

/**
 * Starts the collector and the demo app on one port; seeds on the first start.
 * @example const demo = await startDemo({ configPath: 'uptake.config.json', dbPath: 'data/uptake.db', host: '127.0.0.1', port: 8787, seed: { accounts: 40, days: 90, seed: 1 } })
 */
export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const config = loadConfig(options.configPath);
  const project = config.projects.find((p) => p.writeKey === DEMO_WRITE_KEY) ?? config.projects[0];
  const firstStart = options.dbPath !== ':memory:' && !existsSync(options.dbPath);
  let seeded: SeedResult | null = null;
  if (firstStart && options.seed) {
    options.onSeeding?.();
    seeded = await seedFirstStart(options.dbPath, project, options.seed);
  }
  const store: Store = await openStore(options.dbPath);

  // The app is built once the port is known, because the demo's own origin must be allowed.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = createAdaptorServer({ fetch: (request, env) => handle(request, env) }) as Server;
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const loopback = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(options.host);
  const host = loopback ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  // The demo pages post events from this server's own origin (any port npm start was given).
  for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://${host}:${port}`]) {
    if (!project.allowedOrigins.includes(origin)) project.allowedOrigins.push(origin);
  }
  const collector = createApp(createContext(config, store));
  const demo = demoRoutes();
  handle = (request, env) => (isDemoPath(new URL(request.url).pathname) ? demo.fetch(request, env) : collector.fetch(request, env));

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    project,
    seeded,
    close: () =>
      (closing ??= (async () => {
        await closeGracefully(server, 5000);
        await store.close();
      })()),
  };
}

/**
 * The lines `npm start` prints once ready.
 * @example describeDemo(demo, 'data/uptake.db', 2400).join('\n')
 */
export function describeDemo(demo: RunningDemo, dbLabel: string, readyMs: number): string[] {
  const key = demo.project.secretKey;
  const data = demo.seeded
    ? `${dbLabel} (new: seeded ${demo.seeded.accounts} accounts, ${demo.seeded.users} users, ${demo.seeded.days} days, ${demo.seeded.events.toLocaleString('en-US')} events at ${demo.seeded.eventsPerSecond.toLocaleString('en-US')} events/s)`
    : `${dbLabel} (existing data reused)`;
  return [
    '',
    `Uptake is running (ready in ${(readyMs / 1000).toFixed(1)} s)`,
    '',
    `  Demo app    ${demo.url}/app/`,
    `  Dashboard   ${demo.url}/dashboard   (secret key: ${key})`,
    `  API         ${demo.url}/v1/reports/overview   (header: Authorization: Bearer ${key})`,
    `  Script tag  <script async src="${demo.url}/sdk/uptake.js" data-write-key="${demo.project.writeKey}"></script>`,
    `  Data        ${data}`,
    '',
    'Press Ctrl-C to stop.',
  ];
}
