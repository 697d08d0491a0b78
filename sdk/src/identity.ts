// Who the events are about: anonymousId, userId and the current account (groupId), persisted in
// localStorage so they survive reloads and are shared by the tabs of the origin.
import { uuidv7 } from './ids.js';
import { readValue, writeValue } from './local-store.js';

export interface Identity {
  anonymousId: string;
  userId?: string;
  groupId?: string;
}

/** localStorage keys (kept as they are: ids must survive SDK upgrades). */
const ANONYMOUS_ID = 'uptake.aid';
const USER_ID = 'uptake.uid';
const GROUP_ID = 'uptake.gid';

/**
 * The persisted identity; creates and stores an anonymousId on first use.
 * @example const { anonymousId, userId, groupId } = loadIdentity()
 */
export function loadIdentity(): Identity {
  let anonymousId = readValue(ANONYMOUS_ID);
  if (!anonymousId) writeValue(ANONYMOUS_ID, (anonymousId = uuidv7()));
  return { anonymousId, userId: readValue(USER_ID) || undefined, groupId: readValue(GROUP_ID) || undefined };
}

/**
 * Persists an identity (absent ids are removed).
 * @example saveIdentity({ anonymousId: uuidv7() }) // after reset()
 */
export function saveIdentity(identity: Identity): void {
  writeValue(ANONYMOUS_ID, identity.anonymousId);
  writeValue(USER_ID, identity.userId);
  writeValue(GROUP_ID, identity.groupId);
}
