// Failures crossing from the writer thread keep their meaning: storage trouble answers 503 with a
// Retry-After, anything else stays the batch's own error.
import { describe, expect, it } from 'vitest';
import { UptakeError } from '../../errors.js';
import { errorOf } from './writer.js';

describe('writer thread failures', () => {
  it('turns a failed fsync into storage_unavailable, retry in 5 s', () => {
    const err = errorOf({ message: 'EIO: i/o error, fsync', code: 'EIO', sync: true });
    expect(err).toBeInstanceOf(UptakeError);
    expect((err as UptakeError).code).toBe('storage_unavailable');
    expect((err as UptakeError).retryAfter).toBe(5);
  });

  it('turns SQLite storage codes into storage_unavailable with their own Retry-After', () => {
    expect(errorOf({ message: 'database or disk is full', code: 'SQLITE_FULL' })).toMatchObject({ code: 'storage_unavailable', retryAfter: 30 });
    expect(errorOf({ message: 'database is locked', code: 'SQLITE_BUSY' })).toMatchObject({ code: 'storage_unavailable', retryAfter: 1 });
  });

  it('keeps any other failure as the error of its batch alone', () => {
    const err = errorOf({ message: 'NOT NULL constraint failed: events.type', code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(err).not.toBeInstanceOf(UptakeError);
    expect((err as Error).message).toBe('NOT NULL constraint failed: events.type');
    expect((err as { code?: string }).code).toBe('SQLITE_CONSTRAINT_NOTNULL');
  });
});
