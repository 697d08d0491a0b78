// How a context is stored (stored-context.ts): the bulk path splits context objects on the main thread,
// the live writer splits their JSON text; both must give the same texts and flags, byte for byte.
import { describe, expect, it } from 'vitest';
import { ContextSplitter, SESSION_IN_CONTEXT, storedContextOf } from './stored-context.js';

const page = { path: '/invoices', url: 'https://app.example.com/invoices', title: 'Invoices · Ledgerly' };

describe('stored contexts', () => {
  it('splits off the page and a session id the session column holds, from the object as from its text', () => {
    const cases: [Record<string, unknown>, string | null, { env: string; page: string | null; flags: number }][] = [
      // The SDK's context: page and library apart, sessionId left out (the session column has it).
      [{ library: { name: 'uptake-js', version: '0.1.0' }, sessionId: 's-1', page }, 's-1',
        { env: '{"library":{"name":"uptake-js","version":"0.1.0"}}', page: JSON.stringify(page), flags: SESSION_IN_CONTEXT }],
      // A numeric sessionId stays in env (normalisation made the session column "42", a string).
      [{ sessionId: 42, page: 'not an object' }, '42', { env: '{"sessionId":42}', page: '"not an object"', flags: 0 }],
      // A string sessionId the column does not hold stays too (at the end of env).
      [{ sessionId: 's-2', locale: 'en-GB' }, 's-other', { env: '{"locale":"en-GB","sessionId":"s-2"}', page: null, flags: 0 }],
      // Undefined values are dropped as JSON drops them; an empty context stores an empty env.
      [{ page: undefined, locale: undefined, timezone: 'Europe/Paris' }, null, { env: '{"timezone":"Europe/Paris"}', page: null, flags: 0 }],
      [{}, null, { env: '{}', page: null, flags: 0 }],
    ];
    const splitter = new ContextSplitter();
    for (const [context, sessionId, want] of cases) {
      expect(storedContextOf(context, sessionId)).toEqual(want);
      expect(splitter.split(JSON.stringify(context), sessionId)).toEqual(want);
    }
    // Key order kept, a numeric sessionId moved last; a `__proto__` key (an own key once parsed) kept as data.
    const odd = JSON.parse('{"sessionId":7,"a":1,"__proto__":{"polluted":true},"page":{"path":"/"},"b":2}') as Record<string, unknown>;
    const oddWant = { env: '{"a":1,"__proto__":{"polluted":true},"b":2,"sessionId":7}', page: '{"path":"/"}', flags: 0 };
    expect(storedContextOf(odd, '7')).toEqual(oddWant);
    expect(splitter.split(JSON.stringify(odd), '7')).toEqual(oddWant);
    // The text cache keeps a context's parts, not its session: the same text with another session id.
    expect(splitter.split(JSON.stringify(cases[0][0]), 's-9')).toEqual({ env: '{"library":{"name":"uptake-js","version":"0.1.0"},"sessionId":"s-1"}', page: JSON.stringify(page), flags: 0 });
  });
});
