import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchProject } from '../bench-config.js';
import { cachedDataset, FULL_DATASET } from './dataset.js';

describe('cachedDataset (what the PostgreSQL part reuses instead of importing)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-dataset-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const project = benchProject();
  // The cache key: generator version, seed, accounts × days, and the project config's hash.
  const name = `reports-v1-seed1-740x365-${createHash('sha256').update(JSON.stringify(project)).digest('hex').slice(0, 8)}`;
  const meta = { events: 1234, accounts: 740, users: 99, endDay: 20793, generationSeconds: 1, eventsPerSecond: 1234, cpuMicrosPerEvent: 9, bytes: 1 };

  it('takes the database of that size with its metadata file, not an interrupted generation', () => {
    expect(cachedDataset(dir, FULL_DATASET, project)).toBeNull();
    writeFileSync(join(dir, `${name}.db`), 'x'.repeat(10));
    // No metadata (written last by ensureDataset): an interrupted generation, not reused.
    expect(cachedDataset(dir, FULL_DATASET, project)).toBeNull();
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta));
    // The size is the file's now (10 bytes), not the one recorded at generation (1).
    expect(cachedDataset(dir, FULL_DATASET, project)).toEqual({ ...meta, bytes: 10, dbPath: join(dir, `${name}.db`), cached: true });
    // Another size has its own key: 10 accounts finds nothing.
    expect(cachedDataset(dir, { ...FULL_DATASET, accounts: 10 }, project)).toBeNull();
  });
});
