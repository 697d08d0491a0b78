// Fixtures of the store conformance suite (store-suite.ts, store-suite-rollups.ts): a project, a
// fixed start time and an event maker with defaults.
import { DAY_MS, type NormalizedEvent } from './store.js';

export const P = 'proj';
export const MIN = 60_000;
/** 2026-01-05T00:00:00Z, a Monday: day numbers below are relative to it. */
export const T0 = Date.UTC(2026, 0, 5);
export const D0 = T0 / DAY_MS;

let seq = 0;
/** A normalized event with defaults; `at` is minutes after T0. */
export function makeEvent(fields: Partial<NormalizedEvent> & { at?: number } = {}): NormalizedEvent {
  const { at = 0, ...rest } = fields;
  const userId = rest.userId === undefined ? 'u1' : rest.userId;
  const anonymousId = rest.anonymousId ?? null;
  const timestamp = rest.timestamp ?? T0 + at * MIN;
  return {
    messageId: `m${++seq}`,
    type: 'track',
    event: 'Report Exported',
    groupId: null,
    receivedAt: timestamp,
    sessionId: null,
    properties: null,
    traits: null,
    context: null,
    ...rest,
    userId,
    anonymousId,
    userKey: rest.userKey ?? userId ?? anonymousId!,
    timestamp,
  };
}

export const sortAccounts = <T extends { accountId: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.accountId.localeCompare(b.accountId));
