// `uptake-collector seed` as a user runs it: flags with env fallbacks, one clear line and exit code 2
// for bad input with nothing written, and a printed rate after seeding a real SQLite file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/open-store.js';
import { parseSeedFlags } from './seed.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');
const CONFIG = join(ROOT, 'uptake.config.json');
const dir = mkdtempSync(join(tmpdir(), 'uptake-seed-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [CLI, 'seed', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, UPTAKE_CONFIG: undefined, UPTAKE_DB: undefined, ...env } });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn')) };
}

describe('seed flags', () => {
  it('defaults like serve and the SPEC (40 accounts, 90 days, seed 1)', () => {
    expect(parseSeedFlags([], {})).toEqual({ config: 'uptake.config.json', db: './data/uptake.db', project: null, accounts: 40, days: 90, seed: 1 });
  });

  it('takes UPTAKE_CONFIG and UPTAKE_DB, with flags winning', () => {
    expect(parseSeedFlags([], { UPTAKE_CONFIG: 'a.json', UPTAKE_DB: 'a.db' })).toMatchObject({ config: 'a.json', db: 'a.db' });
    expect(parseSeedFlags(['--db', 'b.db'], { UPTAKE_DB: 'a.db' })).toMatchObject({ db: 'b.db' });
    expect(parseSeedFlags(['--accounts', '5', '--days', '30', '--seed', '9', '--project', 'demo'], {})).toMatchObject({ accounts: 5, days: 30, seed: 9, project: 'demo' });
  });

  it.each([
    [['--accounts', 'many'], '--accounts must be a whole number, got "many"'],
    [['--accounts', '0'], '--accounts must be between 1 and 10000, got 0'],
    [['--days=-3'], '--days must be a whole number, got "-3"'],
    [['--days', '-3'], "Did you forget to specify the option argument for '--days'?"],
    [['--db'], "Option '--db <value>' argument missing"],
    [['--seed', '1.5'], '--seed must be a whole number, got "1.5"'],
    [['--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseSeedFlags(args, {})).toThrow(message);
  });
});

describe('uptake-collector seed', () => {
  it('answers a bad flag with one line and exit code 2, creating no database', () => {
    const db = join(dir, 'bad.db');
    const result = cli(['--config', CONFIG, '--db', db, '--accounts', '0']);
    expect(result.status).toBe(2);
    expect(result.stderrLines).toEqual(['uptake-collector seed: --accounts must be between 1 and 10000, got 0']);
    expect(existsSync(db)).toBe(false);
  });

  it('answers an unknown project with one line and exit code 2, creating no database', () => {
    const db = join(dir, 'unknown.db');
    const result = cli(['--config', CONFIG, '--db', db, '--project', 'nope']);
    expect(result.status).toBe(2);
    expect(result.stderrLines).toEqual([`uptake-collector seed: --project: no project "nope" in ${CONFIG} (have: demo)`]);
    expect(existsSync(db)).toBe(false);
  });

  it('seeds a SQLite file named by UPTAKE_CONFIG and UPTAKE_DB and prints the rate', async () => {
    const db = join(dir, 'seeded.db');
    const result = cli(['--accounts', '3', '--days', '14', '--seed', '5'], { UPTAKE_CONFIG: CONFIG, UPTAKE_DB: db });
    expect(result.stderrLines).toEqual([]);
    expect(result.status).toBe(0);
    const match = result.stdout.match(/^seeded project "demo": 3 accounts, \d+ users, 14 days, ([\d,]+) events in [\d.]+ s \(([\d,]+) events\/s\)$/m);
    expect(match, result.stdout).not.toBeNull();
    const store = await openStore(db);
    try {
      expect(await store.countEvents('demo')).toBe(Number(match![1].replace(/,/g, '')));
      expect(await store.listAccounts('demo')).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
