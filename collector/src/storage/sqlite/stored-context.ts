// Pure: how the compact layout (compact-events.ts) stores an event's context: its `page` and the rest
// (`env`, library, userAgent, …) as two texts, each a dictionary entry of the user, and whether
// `context.sessionId` was left out because the session column holds it. The bulk path splits contexts
// on the main thread (event-columns.ts), the live writer in its thread; both with this code.

/** Set in an event row's `t` when `context.sessionId` equals the session column and was left out of `env`. */
export const SESSION_IN_CONTEXT = 16;

/** A context as stored. */
export interface StoredContext {
  /** JSON text of the context without `page` (and without `sessionId` when `flags` says so). */
  env: string;
  /** JSON text of `context.page`, or null without one. */
  page: string | null;
  /** `SESSION_IN_CONTEXT` or 0. */
  flags: number;
}

/** A context's JSON text split into its stored parts. */
interface ContextParts {
  page: string | null;
  env: string;
  /** context.sessionId was a string (left out of `env`; the session column holds it). */
  sessionId: string | null;
}

/** Contexts repeat over a session's events: splitting one is cached by its text (a pure function of it). */
const CONTEXT_CACHE_LIMIT = 50_000;

/** The parts of a context object (or of the object a context text parses to: the same parts). */
function partsOf(context: Record<string, unknown>): ContextParts {
  const page = context.page;
  const sessionId = context.sessionId;
  const stripSession = typeof sessionId === 'string';
  // A loop, not `{ page, sessionId, ...rest }`: V8 copies a rest object with excluded keys in its
  // runtime (~0.1 µs per event of an import). A `__proto__` key (JSON.parse makes it an own property)
  // is defined, as the rest copy did, not assigned: that would set the object's prototype.
  const env: Record<string, unknown> = {};
  for (const key in context) {
    if (key === 'page' || key === 'sessionId') continue;
    if (key === '__proto__') Object.defineProperty(env, key, { value: context[key], enumerable: true, writable: true, configurable: true });
    else env[key] = context[key];
  }
  if (!stripSession && sessionId !== undefined) env.sessionId = sessionId; // kept, last
  return { page: page === undefined ? null : JSON.stringify(page), env: JSON.stringify(env), sessionId: stripSession ? sessionId : null };
}

/** The stored context of an event with `sessionId` whose context has these parts. */
function storedOf(parts: ContextParts, sessionId: string | null): StoredContext {
  const flags = parts.sessionId !== null && parts.sessionId === sessionId ? SESSION_IN_CONTEXT : 0;
  // A context whose sessionId the session column does not hold keeps it (never the case for normalised events).
  const env = parts.sessionId !== null && !flags ? JSON.stringify({ ...JSON.parse(parts.env), sessionId: parts.sessionId }) : parts.env;
  return { env, page: parts.page, flags };
}

/**
 * The stored parts of a context object: what `ContextSplitter.split` gives for its JSON text, without
 * parsing it again (a context text rarely repeats: the page differs from event to event).
 * @example storedContextOf({ page: { path: '/' }, sessionId: 's1' }, 's1') // → { env: '{}', page: '{"path":"/"}', flags: 16 }
 */
export function storedContextOf(context: Record<string, unknown>, sessionId: string | null): StoredContext {
  return storedOf(partsOf(context), sessionId);
}

/**
 * Splits context texts into their stored parts, with a bounded cache of the texts seen.
 * @example new ContextSplitter().split('{"page":{"path":"/"},"sessionId":"s1"}', 's1') // → { env: '{}', page: '{"path":"/"}', flags: 16 }
 */
export class ContextSplitter {
  private readonly parts = new Map<string, ContextParts>();

  split(text: string, sessionId: string | null): StoredContext {
    let parts = this.parts.get(text);
    if (!parts) {
      if (this.parts.size >= CONTEXT_CACHE_LIMIT) this.parts.clear();
      this.parts.set(text, (parts = partsOf(JSON.parse(text) as Record<string, unknown>)));
    }
    return storedOf(parts, sessionId);
  }
}
