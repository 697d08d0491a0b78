// Test support for the store conformance suites: a fresh store for every test, closed afterwards.
import { afterEach, beforeEach } from 'vitest';
import type { Store } from './store.js';

/** Opens a store before each test and hands it to `use`; closes it and cleans up after each test. */
export function storePerTest(open: () => Promise<Store>, cleanup: () => Promise<void>, use: (store: Store) => void): void {
  let store: Store;
  beforeEach(async () => {
    store = await open();
    use(store);
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });
}
