import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchUrl } from './spa.js';

// A minimal browser: a location, a History whose pushState/replaceState change it, and popstate listeners.
let href: string;
const popstate: Array<() => void> = [];
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  href = 'https://app.example.com/home';
  popstate.length = 0;
  vi.stubGlobal('location', { get href() { return href; } });
  const navigate = (_state: unknown, _title: string, url?: string | URL | null) => void (url && (href = new URL(String(url), href).href));
  vi.stubGlobal('history', { pushState: navigate, replaceState: navigate });
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) => type === 'popstate' && popstate.push(listener));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('single-page apps (SPEC §13)', () => {
  it('reports each URL change, and checks surveys at most once per 2 s, the last URL included', () => {
    const pages: string[] = [];
    const checks: string[] = [];
    watchUrl(() => pages.push(href), () => checks.push(href));

    history.pushState({}, '', '/billing');
    vi.advanceTimersByTime(0);
    expect([pages, checks]).toEqual([['https://app.example.com/billing'], ['https://app.example.com/billing']]);

    // Three changes within the next 2 s: three pages, one check, for the last URL, when the 2 s are over.
    vi.advanceTimersByTime(500);
    history.pushState({}, '', '/team');
    history.replaceState({}, '', '/team?tab=seats');
    href = 'https://app.example.com/home';
    popstate.forEach((l) => l()); // the back button
    expect(pages).toHaveLength(4);
    vi.advanceTimersByTime(1499);
    expect(checks).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(checks).toEqual(['https://app.example.com/billing', 'https://app.example.com/home']);
  });

  it('ignores a history call that keeps the URL (a state-only replaceState)', () => {
    const pages: string[] = [];
    watchUrl(() => pages.push(href), () => {});
    history.replaceState({ scroll: 10 }, '');
    history.pushState({}, '', '/home');
    expect(pages).toEqual([]);
  });
});
