// `uptake-collector import` as a user runs it: bad flags answered with one line and exit code 2, a
// gzip export piped on stdin, and an import killed mid-way that a rerun completes, storing each event once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointPath } from '../import/checkpoint.js';
import { progressLine } from '../import/progress.js';
import { openStore } from '../storage/open-store.js';
import { parseImportFlags } from './import.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');
const CONFIG = join(ROOT, 'uptake.config.json');
const dir = mkdtempSync(join(tmpdir(), 'uptake-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { ...process.env, UPTAKE_CONFIG: CONFIG, UPTAKE_DB: undefined };
function cli(args: string[], input?: Buffer) {
  const result = spawnSync(process.execPath, [CLI, 'import', ...args], { cwd: dir, input, encoding: 'utf8', env: ENV });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn')) };
}

function eventLines(count: number): string {
  const start = Date.UTC(2026, 10, 1);
  let text = '';
  for (let i = 0; i < count; i++) {
    text += `${JSON.stringify({ type: 'track', event: 'Report Exported', userId: `u${i % 50}`, groupId: `a${i % 7}`, messageId: `cli-${i}`, timestamp: new Date(start + i * 1000).toISOString() })}\n`;
  }
  return text;
}

describe('import flags', () => {
  it('needs a file and a known format', () => {
    expect(() => parseImportFlags(['-'], {})).toThrow('--format: required (segment, posthog, mixpanel, uptake)');
    expect(() => parseImportFlags(['-', '--format', 'amplitude'], {})).toThrow('--format must be one of segment, posthog, mixpanel, uptake, got "amplitude"');
    expect(() => parseImportFlags(['--format', 'uptake'], {})).toThrow('FILE: expected one file (or - for stdin), got 0');
    expect(() => parseImportFlags(['-', '--format', 'uptake', '--limit', '0'], {})).toThrow('--limit must be a whole number ≥ 1, got "0"');
    expect(parseImportFlags(['-', '--format', 'posthog', '--group-key', 'company', '--project', 'demo'], { UPTAKE_DB: 'a.db' })).toMatchObject({
      file: '-',
      format: 'posthog',
      groupKey: 'company',
      project: 'demo',
      db: 'a.db',
      exclusive: false,
    });
    expect(parseImportFlags(['-', '--format', 'uptake', '--exclusive'], {})).toMatchObject({ exclusive: true });
  });

  it('answers a missing file with one line and exit code 2, creating no database', () => {
    const db = join(dir, 'never.db');
    const run = cli(['missing.ndjson', '--format', 'segment', '--db', db]);
    expect(run.status).toBe(2);
    expect(run.stderrLines).toEqual(['uptake-collector import: FILE: no such file "missing.ndjson"']);
    expect(existsSync(db)).toBe(false);
  });
});

describe('progress line (no terminal)', () => {
  it('gives the share done and an ETA from the rate so far', () => {
    // 50 of 200 bytes in 10 s → 150 bytes left at 5 bytes/s = 30 s.
    expect(progressLine('import', 50, 200, 10, 'read 1,000')).toBe('import: 25 % (ETA 30 s), read 1,000');
    // 1 of 100 in 2 s → 99 × 2 = 198 s = 3 min 18 s.
    expect(progressLine('import', 1, 100, 2, 'x')).toBe('import: 1 % (ETA 3 min 18 s), x');
    expect(progressLine('import', 5, null, 2, 'read 5')).toBe('import: read 5');
  });
});

describe('uptake-collector import', () => {
  it('imports gzip from stdin and prints read / stored / duplicates / rejected', () => {
    const db = join(dir, 'stdin.db');
    const input = gzipSync(`${eventLines(3)}{"type":"track"}\n`);
    const first = cli(['-', '--format', 'uptake', '--db', db], input);
    expect(first.status).toBe(0);
    // 4 lines: 3 events, and a track without user or name rejected.
    expect(first.stdout).toContain('imported: read 4, stored 3, duplicates 0, rejected 1');
    expect(first.stdout).toContain('rejected lines with their reasons: stdin.rejects.ndjson');
    const second = cli(['-', '--format', 'uptake', '--db', db], input);
    expect(second.stdout).toContain('imported: read 4, stored 0, duplicates 3, rejected 1');
  });

  it('completes an import killed mid-way when rerun, storing every event once', async () => {
    const total = 60_000;
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, eventLines(total));
    const db = join(dir, 'killed.db');
    const child = spawn(process.execPath, [CLI, 'import', file, '--format', 'uptake', '--db', db], { cwd: dir, env: ENV, stdio: 'ignore' });
    // Killed as soon as the first batch is committed (its resume point written), long before the end.
    await new Promise<void>((resolve) => {
      const watcher = watch(dir, (_kind, name) => {
        if (name === 'big.ndjson.import-state.json' || existsSync(checkpointPath(file))) {
          watcher.close();
          resolve();
        }
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(checkpointPath(file))).toBe(true);

    const rerun = cli([file, '--format', 'uptake', '--db', db]);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/^imported: read 60,000, stored \d[\d,]*, duplicates \d[\d,]*, rejected 0$/m);
    expect(rerun.stdout).toMatch(/resumed after line [1-9]/);
    // Batches committed after the last saved point count as duplicates on the rerun: stored + duplicates = 60,000.
    const [, stored, duplicates] = /stored ([\d,]+), duplicates ([\d,]+)/.exec(rerun.stdout)!.map((s) => Number(s.replace(/,/g, '')));
    expect(stored + duplicates).toBe(total);
    const store = await openStore(db);
    try {
      expect(await store.countEvents('demo')).toBe(total);
    } finally {
      await store.close();
    }
  }, 120_000);
});
