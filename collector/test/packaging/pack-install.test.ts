// SPEC §15: the packages install outside this repository. `npm pack` of the protocol, SDK, survey
// widget and collector, installed into an empty temp directory, where `npx uptake-collector serve`
// answers and ingests, and `import { track } from '@uptake/sdk'` type-checks (tsc) and runs in Node.
//
// Needs the build (`npm test` runs `npm run build` first). To stay cheap in CI, dependencies come
// from npm's cache (--prefer-offline; `npm ci` filled it) and better-sqlite3, pinned to the
// repository's version, gets the repository's native addon instead of a second compile (~90 s);
// should the versions still differ, it is rebuilt.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = ['protocol', 'sdk', 'survey-widget', 'collector'];
const BUILT = ['protocol/dist/index.js', 'sdk/dist/uptake.esm.js', 'sdk/dist/types/index.d.ts', 'survey-widget/dist/uptake-surveys.js', 'collector/dist/cli.js'];

/** The empty project the tarballs are installed into: a config, and a TypeScript user of the SDK. */
const APP_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'pack-check', private: true, type: 'module' }),
  'uptake.config.json': JSON.stringify({
    projects: [{ id: 'pack', name: 'Pack check', writeKey: 'wk_pack', secretKey: 'sk_pack_secret', allowedOrigins: ['http://localhost:3000'] }],
  }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [] },
    files: ['check.ts'],
  }),
  // The second call must NOT type-check: with untyped (any) exports its @ts-expect-error would fail.
  'check.ts': `import { init, track, type Options } from '@uptake/sdk';
const options: Options = {};
init('wk_pack', options);
track('Report Exported', { format: 'csv' });
// @ts-expect-error: an event name is a string
track(42);
`,
};

/** The environment without the npm_* variables of an enclosing `npm test` (they would steer the child npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('npm_')) env[key] = value;
  if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
  return env;
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

const version = (packageDir: string): string => JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;

let work: string;
let app: string;

beforeAll(async () => {
  const missing = BUILT.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')}; run \`npm run build\` first`);
  work = mkdtempSync(join(tmpdir(), 'uptake-pack-'));
  app = join(work, 'app');
  await run('npm', ['pack', '--silent', ...PACKAGES.flatMap((p) => ['-w', p]), '--pack-destination', work], ROOT);
  const tarballs = PACKAGES.map((p) => join(work, `uptake-${p}-${version(join(ROOT, p))}.tgz`));
  mkdirSync(app);
  for (const [name, text] of Object.entries(APP_FILES)) writeFileSync(join(app, name), text);
  // better-sqlite3 pinned to the repository's version, so its native addon can be reused (below).
  const ours = join(ROOT, 'node_modules', 'better-sqlite3');
  await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs, `better-sqlite3@${version(ours)}`], app);
  const installed = join(app, 'node_modules', 'better-sqlite3');
  if (version(installed) === version(ours) && existsSync(join(ours, 'build', 'Release', 'better_sqlite3.node'))) {
    cpSync(join(ours, 'build'), join(installed, 'build'), { recursive: true });
  } else {
    await run('npm', ['rebuild', 'better-sqlite3'], app);
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed packages, installed into an empty directory', () => {
  it('npx uptake-collector serve answers /healthz, ingests a batch and serves the SDK bundle', async () => {
    // detached: the collector runs under npx; the whole group is ended by its id at the end.
    const child: ChildProcess = spawn('npx', ['uptake-collector', 'serve', '--config', 'uptake.config.json', '--db', 'data/uptake.db', '--port', '0', '--host', '127.0.0.1'], {
      cwd: app,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match) resolve(match[1]!);
        });
        child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
        void exited.then((code) => reject(new Error(`uptake-collector exited (${code}) before listening:\n${out}`)));
      });

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      const openapi = await fetch(`${url}/openapi.json`);
      expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');

      const event = (messageId: string) => ({ type: 'track', event: 'Report Exported', userId: 'u1', groupId: 'acme', messageId, timestamp: new Date().toISOString() });
      // Three events, two distinct messageIds: 2 accepted, the resent one counted as a duplicate.
      const batch = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ writeKey: 'wk_pack', batch: [event('m-1'), event('m-2'), event('m-1')] }),
      });
      expect(batch.status).toBe(200);
      expect(await batch.json()).toEqual({ accepted: 2, duplicates: 1, rejected: [] });

      // The script-tag bundle comes from the installed @uptake/sdk, byte for byte.
      const sdk = await fetch(`${url}/sdk/uptake.js`, { headers: { 'Accept-Encoding': 'identity' } });
      expect(sdk.status).toBe(200);
      expect(Buffer.from(await sdk.arrayBuffer()).equals(readFileSync(join(ROOT, 'sdk', 'dist', 'uptake.js')))).toBe(true);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
    await exited;
  }, 60_000);

  it("`import { track } from '@uptake/sdk'` type-checks against the installed types and imports in Node", async () => {
    await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    const out = await run(process.execPath, ['--input-type=module', '-e', "const { track } = await import('@uptake/sdk'); track('Report Exported'); console.log(typeof track);"], app);
    expect(out.trim()).toBe('function');
  }, 120_000);
});
