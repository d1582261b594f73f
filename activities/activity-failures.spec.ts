import { QueryFailedError } from 'typeorm';
import { classifyFailure, describeFailure } from './activity-failures';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const typeorm = (code: string, message = 'x') => new QueryFailedError('INSERT …', [], pgError(code, message));

describe('activity failures: retryable or refused for good', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a server shutting down (57P01)', typeorm('57P01')],
    ['a connection exception (08006)', typeorm('08006')],
    ['a serialization failure (40001)', typeorm('40001')],
    ['a deadlock (40P01)', typeorm('40P01')],
    ['a statement timeout (57014)', typeorm('57014')],
    ['a lock timeout (55P03)', typeorm('55P03')],
    ['too many connections (53300)', typeorm('53300')],
    ['an error without a code', new Error('Connection terminated unexpectedly')],
  ])('retries %s', (_what, error) => {
    expect(classifyFailure(error)).toBe('retryable');
  });

  it.each([
    ['a unique violation (23505)', typeorm('23505')],
    ['a not-null violation (23502)', typeorm('23502')],
    ['a check violation (23514)', typeorm('23514')],
    ['a foreign key violation (23503)', typeorm('23503')],
    ['invalid input (22P02)', typeorm('22P02')],
    ['a value too long (22001)', typeorm('22001')],
    ['an unknown column (42703)', typeorm('42703')],
  ])('does not retry %s', (_what, error) => {
    expect(classifyFailure(error)).toBe('refused');
  });

  it('describes an error for ADMIN without the values PostgreSQL quotes', () => {
    expect(describeFailure(typeorm('22P02', 'invalid input syntax for type uuid: "13800138000"'))).toBe(
      '22P02 invalid input syntax for type uuid: "…"',
    );
    expect(describeFailure(typeorm('23505', 'duplicate key value violates unique constraint "case_events_pkey"'))).toBe(
      '23505 duplicate key value violates unique constraint "case_events_pkey"',
    );
    expect(describeFailure(new Error('x'.repeat(1000))).length).toBe(300);
  });
});
