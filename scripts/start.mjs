#!/usr/bin/env node
// `npm start`: builds the bundles and the compiled collector if they are missing or older than their
// sources, then runs the collector and the demo app on one port with ./data/uptake.db, seeding demo
// data on the first start.
//
//   npm start [-- --port 8787 --host 127.0.0.1 --data-dir ./data --config uptake.config.json --db FILE
//                 --accounts 40 --days 90 --seed 1 --no-seed]
//   env: PORT, HOST, UPTAKE_DATA_DIR, UPTAKE_CONFIG, UPTAKE_DB
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each bundle the collector serves, and the sources it is built from. */
const BUILD_OUTPUTS = [
  { output: 'sdk/dist/uptake.js', sources: ['sdk/src', 'sdk/rollup.config.mjs'] },
  { output: 'survey-widget/dist/uptake-surveys.js', sources: ['survey-widget/src', 'survey-widget/rollup.config.mjs'] },
  { output: 'collector/dist/dashboard/index.html', sources: ['collector/src/dashboard/client', 'collector/scripts/build-dashboard.mjs'] },
  { output: 'collector/dist/cli.js', sources: ['collector/src', 'protocol/src', 'collector/scripts/build-server.mjs'] },
  { output: 'demo-app/dist/start-demo.js', sources: ['demo-app/server', 'demo-app/package.json'] },
];

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

function parseFlags() {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        db: { type: 'string' },
        accounts: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        'no-seed': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(String(err.message).split('\n')[0]);
  }
  if (values.help) {
    console.log(readHelp());
    process.exit(0);
  }
  const int = (name, raw, fallback, min, max) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(String(raw).trim()) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const dataDir = resolve(values['data-dir'] ?? process.env.UPTAKE_DATA_DIR ?? join(ROOT, 'data'));
  return {
    port: int('port', values.port ?? process.env.PORT, 8787, 0, 65535),
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir,
    configPath: resolve(values.config ?? process.env.UPTAKE_CONFIG ?? join(ROOT, 'uptake.config.json')),
    dbPath: resolve(values.db ?? process.env.UPTAKE_DB ?? join(dataDir, 'uptake.db')),
    seed: values['no-seed']
      ? false
      : { accounts: int('accounts', values.accounts, 40, 1, 10000), days: int('days', values.days, 90, 1, 3650), seed: int('seed', values.seed, 1, 0, 2 ** 32 - 1) },
  };
}

function readHelp() {
  return `Usage: npm start [-- options]

Builds what is stale, starts the collector and the demo app on one port, seeds demo data on the first start.

Options (environment variable in brackets):
  --port N        port, 0 picks a free one [PORT] (default 8787)
  --host ADDR     interface [HOST] (default 127.0.0.1)
  --data-dir DIR  where uptake.db lives [UPTAKE_DATA_DIR] (default ./data)
  --db FILE       database file [UPTAKE_DB] (default DIR/uptake.db)
  --config FILE   config [UPTAKE_CONFIG] (default uptake.config.json)
  --accounts N --days N --seed N   demo data of the first start (default 40, 90, 1)
  --no-seed       start with an empty database`;
}

/** Newest modification time under a file or folder, ignoring tests. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Bundles that are missing or older than a source file. */
function staleOutputs() {
  return BUILD_OUTPUTS.filter(({ output, sources }) => {
    const out = join(ROOT, output);
    if (!existsSync(out)) return true;
    const built = statSync(out).mtimeMs;
    return sources.some((source) => newestMtime(join(ROOT, source)) > built);
  }).map(({ output }) => output);
}

const options = parseFlags();
// Times below count from the process start (performance.now()'s origin), as a user would.

const stale = staleOutputs();
if (stale.length) {
  console.log(`Building (${stale.join(', ')} missing or out of date): npm run build`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm start: the build failed (see above)');
    process.exit(1);
  }
}

// The compiled collector and demo app (collector/dist, demo-app/dist), as `uptake-collector` runs.
const { startDemo, describeDemo } = await import('../demo-app/dist/start-demo.js');

let demo;
try {
  demo = await startDemo({
    ...options,
    onSeeding: () => console.log(`First start: seeding demo data into ${relative(process.cwd(), options.dbPath) || options.dbPath} …`),
  });
} catch (err) {
  const reason = err?.code === 'EADDRINUSE' ? `port ${options.port} is in use (try --port 0 or PORT=8788)` : err?.message ?? String(err);
  console.error(`npm start: ${reason}`);
  process.exit(err?.code === 'invalid_config' || err?.code === 'invalid_flags' || err?.code === 'EADDRINUSE' ? 2 : 1);
}
console.log(describeDemo(demo, relative(process.cwd(), options.dbPath) || options.dbPath, performance.now()).join('\n'));

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await demo.close();
  console.log('Stopped. Data kept in ' + (relative(process.cwd(), options.dbPath) || options.dbPath));
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
