import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('has the UUID version 7 layout with the time in the first 48 bits', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5000);
    // Every id keeps the layout (short random values are padded with zeros): 36 characters.
    expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
    expect(uuidv7(1_700_000_000_001) > ids[ids.length - 1]).toBe(true);
  });

  it('never goes backwards when the clock does', () => {
    const first = uuidv7(1_800_000_000_000);
    expect(uuidv7(1_799_999_999_000) > first).toBe(true);
  });
});
