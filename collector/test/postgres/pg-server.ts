// Test harness: a real, throwaway PostgreSQL server. `initdb` makes a cluster in a temp dir, the
// server runs as a non-root user (PostgreSQL refuses root) on 127.0.0.1 with a free port and a socket
// in that dir, and everything is removed after. Without PostgreSQL binaries the tests are skipped
// with a message, except in CI (`CI` set), where that is a failure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/** Superuser of the throwaway cluster (trust authentication on loopback only). */
const SUPERUSER = 'uptake';
const INSTALL_HINT = 'PostgreSQL server binaries not found (initdb, postgres); on Debian: apt-get install -y postgresql';

/**
 * The directory holding `initdb` and `postgres`: `UPTAKE_PG_BIN`, else Debian's newest
 * /usr/lib/postgresql/<version>/bin, else the PATH. Null when there is none.
 * @example findPostgresBin() // → '/usr/lib/postgresql/15/bin'
 */
export function findPostgresBin(): string | null {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  if (process.env.UPTAKE_PG_BIN) return has(process.env.UPTAKE_PG_BIN) ? process.env.UPTAKE_PG_BIN : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => has(join(debian, v, 'bin'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0], 'bin');
  }
  return (process.env.PATH ?? '').split(delimiter).find((dir) => dir !== '' && has(dir)) ?? null;
}

/**
 * Whether PostgreSQL tests can run here. In CI, missing binaries throw (a skipped store test would
 * hide a broken PostgreSQL store); elsewhere they print why the tests are skipped.
 * @example describe.skipIf(!postgresAvailable())('…', () => {})
 */
export function postgresAvailable(): boolean {
  if (findPostgresBin()) return true;
  if (process.env.CI) throw new Error(`${INSTALL_HINT} (.ci/run installs it); CI does not skip the PostgreSQL tests`);
  console.warn(`skipping the PostgreSQL tests: ${INSTALL_HINT}`);
  return false;
}

export interface PgServer {
  port: number;
  /** The URL of one database of this server. */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Runs SQL as the superuser in the `postgres` database. */
  admin(sql: string): Promise<pg.QueryResult>;
  /** Stops the server and removes the cluster. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The unprivileged account to run PostgreSQL as when this process is root. */
function serverAccount(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString());
      const gid = Number(execFileSync('id', ['-g', name]).toString());
      return { name, uid, gid };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('running as root and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as');
}

function run(account: { name: string } | null, command: string, args: string[], stdin: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  const [file, argv] = account ? ['runuser', ['-u', account.name, '--', command, ...args]] : [command, args];
  return spawn(file, argv, { stdio: [stdin, 'pipe', 'pipe'], cwd: tmpdir() });
}

function finished(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

/**
 * Starts a throwaway PostgreSQL server. `durable: false` (the default) turns fsync off, which only
 * matters if the machine itself crashes: killing a collector still tests acknowledged = committed.
 * @example const server = await startPgServer(); const url = await server.createDatabase();
 */
export async function startPgServer(options: { durable?: boolean } = {}): Promise<PgServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);
  const account = serverAccount();
  const dir = mkdtempSync(join(tmpdir(), 'uptake-pg-'));
  if (account) chownSync(dir, account.uid, account.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });

  const init = await finished(run(account, join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']));
  if (init.code !== 0) {
    cleanup();
    throw new Error(`initdb failed (${init.code}):\n${init.output}`);
  }

  const settings = [
    'listen_addresses=127.0.0.1', 'max_connections=200', 'shared_buffers=128MB',
    ...(options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ].flatMap((s) => ['-c', s]);
  // A shell between us and the server holds our stdin: when it closes (stop(), or this test process
  // dying) the server gets a fast shutdown, so no PostgreSQL outlives the tests. The shell exits
  // when the server does.
  // (A background job's stdin is /dev/null in sh, so the reader gets ours as fd 3.)
  const watchdog = 'exec 3<&0; postgres="$1"; shift; "$postgres" "$@" 3<&- & pid=$!; (read -r _ <&3; kill -INT "$pid") >/dev/null 2>&1 & wait "$pid"';
  const launch = async (port: number) => {
    const child = run(account, '/bin/sh', ['-c', watchdog, 'sh', join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', dir, ...settings], 'pipe');
    const exited = finished(child);
    // UPTAKE_PG_LOG=1 shows the server's log (e.g. with log_min_duration_statement) while debugging.
    if (process.env.UPTAKE_PG_LOG) child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const onData = (c: Buffer) => {
        log += c.toString();
        if (log.includes('ready to accept connections')) {
          child.stderr!.off('data', onData);
          resolve();
        }
      };
      child.stderr!.on('data', onData);
      void exited.then(({ code, output }) => {
        child.stdin!.end(); // releases the watchdog's reader
        reject(Object.assign(new Error(`postgres exited (${code}) before accepting connections:\n${output}`), { output }));
      });
    });
    return { child, exited };
  };
  let started: Awaited<ReturnType<typeof launch>> | null = null;
  let port = 0;
  // The free port may be taken by someone else before the server binds it: try another.
  for (let attempt = 1; !started; attempt++) {
    port = await freePort();
    try {
      started = await launch(port);
    } catch (err) {
      const output = String((err as { output?: string }).output ?? '');
      if (attempt < 3 && /could not bind|already in use|could not create any TCP\/IP sockets/i.test(output)) continue;
      cleanup();
      throw err;
    }
  }
  const { child, exited } = started;

  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  const adminPool = new pg.Pool({ connectionString: url('postgres'), max: 2 });
  // Its idle connections are cut when the server stops: expected, not an error of the test.
  adminPool.on('error', () => {});
  let databases = 0;
  return {
    port,
    url,
    admin: (sql) => adminPool.query(sql),
    async createDatabase() {
      const name = `uptake_${++databases}`;
      await adminPool.query(`CREATE DATABASE ${name}`);
      return url(name);
    },
    async stop() {
      await adminPool.end();
      child.stdin!.end();
      const { code, output } = await exited;
      cleanup();
      if (code !== 0) throw new Error(`postgres stopped with code ${code}:\n${output.slice(-2000)}`);
    },
  };
}
