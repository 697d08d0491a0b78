// Bad arguments from the host page never throw into it: the event is sanitised or dropped.
import { expect, test } from '@playwright/test';
import { sdkReady, startSdkHarness, type SdkHarness } from './support/sdk-harness.js';

let h: SdkHarness;
test.beforeAll(async () => (h = await startSdkHarness()));
test.afterAll(() => h.close());

test('bad arguments: no exception reaches the page, events are sanitised or dropped', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.pageUrl({ flushAt: 1000, surveys: false }));
  await sdkReady(page);

  const outcome = await page.evaluate(async () => {
    const u = (window as any).uptake;
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 30; i++) deep = { d: deep };
    const calls: (() => unknown)[] = [
      () => u.track(),
      () => u.track(undefined, { a: 1 }),
      () => u.track(null),
      () => u.track(Symbol('name')),
      () => u.track({ not: 'a name' }),
      () => u.track(''),
      () => u.track('Circular', circular),
      () => u.track('Huge', { text: 'x'.repeat(1024 * 1024) }),
      () => u.track('Odd Values', { s: Symbol('v'), [Symbol('k')]: 1, f() {}, big: 12345678901234567890n, u: undefined, nan: NaN, when: new Date(0) }),
      () => u.track('Deep', deep),
      () => u.track('Throwing Getter', { get boom() { throw new Error('getter'); } }),
      () => u.track('Proxy', new Proxy({}, { ownKeys() { throw new Error('trap'); } })),
      () => u.track('Not Properties', 'a string'),
      () => u.track('n'.repeat(5000)),
      () => u.identify(Symbol('id')),
      () => u.identify({ toString() { throw new Error('x'); } }, 7),
      () => u.group(undefined),
      () => u.group({}, 5),
      () => u.page(12, 'props'),
      () => u.init(),
      () => u.init(42, null),
      () => u.optIn(1, 2, 3),
    ];
    const thrown: string[] = [];
    for (const call of calls) {
      try {
        const result = call();
        if (result instanceof Promise) await result;
      } catch (error) {
        thrown.push(String(error));
      }
    }
    thrown.push(...[await u.showSurvey(Symbol('survey')).catch(String), await u.flush().catch(String)].filter((r) => typeof r === 'string'));
    return thrown;
  });
  expect(outcome).toEqual([]);

  await expect.poll(() => h.events().map((e) => e.event ?? e.type).sort()).toEqual(['12', 'Circular', 'Deep', 'Huge', 'Not Properties', 'Odd Values', 'n'.repeat(200)]);
  const byName = Object.fromEntries(h.events().map((e) => [e.event ?? e.type, e]));
  expect(byName['Circular'].properties).toEqual({ name: 'loop' });
  expect((byName['Huge'].properties!.text as string).length).toBe(8192);
  expect(byName['Odd Values'].properties).toEqual({ big: '12345678901234567890', nan: null, when: '1970-01-01T00:00:00.000Z' });
  expect(byName['Not Properties'].properties).toEqual({});
  expect(byName['12'].type).toBe('page');
  expect(byName['12'].properties).toEqual({});
  expect(errors).toEqual([]);
});
