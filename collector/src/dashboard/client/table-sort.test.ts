import { describe, expect, it } from 'vitest';
import { sortRows } from './table-sort.js';

const rows = [
  { id: 'a', health: 40, name: 'beta', risks: ['x'], lastSeen: '2026-11-02T00:00:00.000Z' },
  { id: 'b', health: null, name: 'Alpha', risks: [], lastSeen: null },
  { id: 'c', health: 90, name: 'gamma', risks: ['x', 'y'], lastSeen: '2026-11-20T00:00:00.000Z' },
  { id: 'd', health: 40, name: null, risks: [], lastSeen: '2026-10-01T00:00:00.000Z' },
];
const ids = (list: typeof rows) => list.map((row) => row.id).join('');

describe('accounts table sorting', () => {
  it('sorts numbers both ways with missing values last and ties in order', () => {
    expect(ids(sortRows(rows, (row) => row.health, 'asc'))).toBe('adcb');
    expect(ids(sortRows(rows, (row) => row.health, 'desc'))).toBe('cadb');
  });

  it('sorts text case-insensitively and lists by length', () => {
    expect(ids(sortRows(rows, (row) => row.name, 'asc'))).toBe('bacd');
    expect(ids(sortRows(rows, (row) => row.risks, 'desc'))).toBe('cabd');
  });

  it('sorts timestamps by time', () => {
    expect(ids(sortRows(rows, (row) => row.lastSeen, 'desc'))).toBe('cadb');
  });

  it('does not reorder the given array', () => {
    const copy = [...rows];
    sortRows(rows, (row) => row.health, 'desc');
    expect(rows).toEqual(copy);
  });
});
