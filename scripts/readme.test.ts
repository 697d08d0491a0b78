// README.md is for a new user (SPEC §15): at most 30 KB, and every relative link in it leads to a
// file of the repository (the longer guides live under docs/ and bench/README.md).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`);

describe('README.md', () => {
  it('is at most 30 KB', () => {
    expect(readme.length).toBeLessThanOrEqual(30 * 1024); // 30 720 bytes
  });

  it('links only to files that exist', () => {
    const targets = [...readme.toString('utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((t) => !existsSync(`${ROOT}${t}`))).toEqual([]);
  });
});
