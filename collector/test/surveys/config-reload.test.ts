// Config without restarts (SPEC §13) on a real `uptake-collector serve` process: SIGHUP and
// --watch-config apply a valid file to new requests at once; a broken file is refused with the bad
// field's path on stderr and changes nothing.
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCollector, type CollectorProcess } from '../ingest/support.js';

const dirs: string[] = [];
const procs: CollectorProcess[] = [];
afterEach(async () => {
  for (const p of procs.splice(0)) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const survey = (id: string) => ({ id, kind: 'csat', question: `Survey ${id}?` });
const project = (surveys: object[], extra: object = {}) => ({ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', surveys, ...extra });
const write = (file: string, content: unknown) => {
  // Written next to it and renamed over it, as editors save: never a half-written file.
  writeFileSync(`${file}.tmp`, typeof content === 'string' ? content : JSON.stringify({ projects: [content] }));
  renameSync(`${file}.tmp`, file);
};

/** Resolves with the first output line of the process that matches. */
function nextLine(proc: CollectorProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => pattern.test(l));
      if (line) {
        proc.child[stream]!.off('data', onData);
        resolve(line);
      }
    };
    proc.child[stream]!.on('data', onData);
  });
}

async function start(flags: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-reload-'));
  dirs.push(dir);
  const file = join(dir, 'uptake.config.json');
  write(file, project([survey('first')]));
  const proc = await spawnCollector(['--config', file, '--db', join(dir, 'uptake.db'), ...flags]);
  procs.push(proc);
  const served = async (writeKey = 'wk_demo') => {
    const res = await fetch(`${proc.url}/v1/surveys?writeKey=${writeKey}&anonymousId=a1`);
    return res.status === 200 ? ((await res.json()) as { surveys: Array<{ id: string }> }).surveys.map((s) => s.id) : res.status;
  };
  const health = async () => ((await (await fetch(`${proc.url}/healthz`)).json()) as { config: { hash: string; loadedAt: string } }).config;
  return { file, proc, served, health };
}

describe('config reload', () => {
  it('on SIGHUP serves a survey added to the file, without a restart', async () => {
    const { file, proc, served, health } = await start();
    expect(await served()).toEqual(['first']);
    const before = await health();
    write(file, project([survey('first'), survey('second')]));
    const reloaded = nextLine(proc, 'stdout', /config reloaded/);
    proc.child.kill('SIGHUP');
    expect(await reloaded).toMatch(/config reloaded \(SIGHUP\)/);
    expect(await served()).toEqual(['first', 'second']);
    const after = await health();
    expect(after.hash).not.toBe(before.hash);
    expect(Date.parse(after.loadedAt)).toBeGreaterThanOrEqual(Date.parse(before.loadedAt));
  });

  it('refuses a broken file with the bad field\'s path on stderr and changes nothing', async () => {
    const { file, proc, served, health } = await start();
    const before = await health();
    write(file, project([survey('first'), { id: 'second', kind: 'stars', question: 'Q' }]));
    const refused = nextLine(proc, 'stderr', /config not reloaded/);
    proc.child.kill('SIGHUP');
    expect(await refused).toMatch(/projects\[0\]\.surveys\[1\]\.kind/);
    expect(await served()).toEqual(['first']);
    expect(await health()).toEqual(before);
    // Not JSON at all: refused too, and the collector keeps answering.
    write(file, '{ "projects": [');
    const notJson = nextLine(proc, 'stderr', /config not reloaded/);
    proc.child.kill('SIGHUP');
    expect(await notJson).toMatch(/not valid JSON/);
    expect(await served()).toEqual(['first']);
  });

  it('with --watch-config applies a changed file by itself, keys included', async () => {
    const { file, proc, served } = await start(['--watch-config']);
    const reloaded = nextLine(proc, 'stdout', /config reloaded \(watch\)/);
    write(file, project([survey('third')], { writeKey: 'wk_rotated' }));
    await reloaded;
    expect(await served('wk_rotated')).toEqual(['third']);
    expect(await served('wk_demo')).toBe(401);
  });
});
