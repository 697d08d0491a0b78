import { describe, expect, it } from 'vitest';
import { UptakeError } from '../../errors.js';
import { isConnectionLost, toStorageError } from './pg-errors.js';

const pgError = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('toStorageError', () => {
  it.each([
    ['53300', 1, /too many connections/],
    ['53100', 30, /disk full/],
    ['57P03', 5, /starting up/],
    ['08006', 5, /connection failure/],
    ['40P01', 1, /deadlock/],
    ['ECONNREFUSED', 5, /ECONNREFUSED/],
  ])('answers %s with storage_unavailable and Retry-After %i', (code, retryAfter, message) => {
    const err = toStorageError(pgError(code));
    expect(err).toBeInstanceOf(UptakeError);
    expect(err).toMatchObject({ code: 'storage_unavailable', status: 503, retryAfter });
    expect((err as Error).message).toMatch(message);
  });

  it('maps a lost connection without a code', () => {
    expect(toStorageError(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'storage_unavailable' });
  });

  it('leaves errors a retry cannot fix unchanged', () => {
    const syntax = pgError('42601', 'syntax error');
    expect(toStorageError(syntax)).toBe(syntax);
    const plain = new Error('bug');
    expect(toStorageError(plain)).toBe(plain);
  });
});

describe('isConnectionLost', () => {
  it('tells a dead connection from a failed statement', () => {
    expect(isConnectionLost(pgError('57P01'))).toBe(true);
    expect(isConnectionLost(pgError('ECONNRESET'))).toBe(true);
    expect(isConnectionLost(pgError('40P01'))).toBe(false);
    expect(isConnectionLost(pgError('23505'))).toBe(false);
  });
});
