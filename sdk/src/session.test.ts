import { beforeEach, describe, expect, it, vi } from 'vitest';

const T0 = Date.UTC(2026, 0, 1, 9);
const MINUTE = 60_000;

/** A localStorage shared by "tabs" (fresh module instances). */
function stubStorage() {
  const data = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  });
}
/** Lets the deferred session write happen. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const openTab = async () => {
  vi.resetModules();
  return import('./session.js');
};

beforeEach(() => {
  vi.unstubAllGlobals();
  stubStorage();
});

describe('touchSession', () => {
  it('keeps one session while calls come less than 30 minutes apart', async () => {
    const tab = await openTab();
    const id = tab.touchSession(T0);
    expect(tab.touchSession(T0 + 29 * MINUTE)).toBe(id);
    expect(tab.touchSession(T0 + 58 * MINUTE)).toBe(id);
  });

  it('starts a new session after 30 idle minutes', async () => {
    const tab = await openTab();
    const id = tab.touchSession(T0);
    expect(tab.touchSession(T0 + 31 * MINUTE)).not.toBe(id);
  });

  it('shares the session and its activity across tabs of the origin', async () => {
    const first = await openTab();
    const id = first.touchSession(T0);
    await tick();
    const second = await openTab();
    expect(second.touchSession(T0 + 20 * MINUTE)).toBe(id);
    await tick();
    // The first tab idled 40 minutes, but the second kept the session alive 20 minutes ago.
    expect(first.touchSession(T0 + 40 * MINUTE)).toBe(id);
  });

  it('converges when two tabs started sessions at once: the stored one wins', async () => {
    const first = await openTab();
    const a = first.touchSession(T0);
    const second = await openTab();
    const b = second.touchSession(T0); // before the first tab's write landed
    expect(b).not.toBe(a);
    await tick();
    expect(first.touchSession(T0 + 1000)).toBe(second.touchSession(T0 + 1000));
  });

  it('reset: endSession() makes the next call start a new session', async () => {
    const tab = await openTab();
    const id = tab.touchSession(T0);
    tab.endSession();
    expect(tab.touchSession(T0 + 1000)).not.toBe(id);
  });

  it('works without localStorage (memory only)', async () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } });
    const tab = await openTab();
    const id = tab.touchSession(T0);
    expect(tab.touchSession(T0 + MINUTE)).toBe(id);
  });
});
