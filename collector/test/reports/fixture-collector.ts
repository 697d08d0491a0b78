// Test helper: a collector holding the hand-computed fixture (fixture.ts) for one test file, started
// before its tests and closed after, with a JSON getter that fails the test on a non-200.
import { afterAll, beforeAll, expect } from 'vitest';
import { FIXTURE_CONFIG, NOW, PREVIOUS_EVENTS, WINDOW_EVENTS } from './fixture.js';
import { startTestCollector, type TestCollector } from './report-server.js';

export const FIXTURE_SECRET = 'sk_fixture_secret';

export interface FixtureCollector {
  /** GETs a path with the secret key; the test fails unless it answers 200. */
  json(path: string): Promise<any>;
  /** GETs a path with the secret key. */
  get(path: string): Promise<Response>;
}

/**
 * Starts the fixture's collector for the calling test file.
 * @example const c = useFixtureCollector(); it('…', async () => expect((await c.json('/v1/reports/overview')).activeUsers).toBe(6))
 */
export function useFixtureCollector(): FixtureCollector {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector(FIXTURE_CONFIG, NOW);
    await c.send('wk_fixture', PREVIOUS_EVENTS);
    await c.send('wk_fixture', WINDOW_EVENTS);
  });
  afterAll(() => c?.close());
  return {
    get: (path) => c.get(path, FIXTURE_SECRET),
    json: async (path) => {
      const res = await c.get(path, FIXTURE_SECRET);
      expect(res.status, `${path}: ${res.status} ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
      return res.json();
    },
  };
}
