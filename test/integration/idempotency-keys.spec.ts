import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { CLAIM_LEASE_SECONDS, IdempotencyRepository } from '@app/persistence/repositories/idempotency.repository';
import { testConfig } from '../support/test-stack';

/**
 * The Idempotency-Key store on the real PostgreSQL: a claim taken over after its lease belongs to
 * the run that took it over, and the answers older than 24 hours are purged by one gateway at a time.
 */
describe('Idempotency-Key claims and their purge (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let keys: IdempotencyRepository;

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 4);
    await dataSource.initialize();
    keys = new IdempotencyRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** The lease of a claim running out, without waiting for it: its claim time moved back. */
  const leaseRunsOut = (scope: string, key: string) =>
    dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - make_interval(secs => $3) WHERE scope = $1 AND key = $2`,
      [scope, key, CLAIM_LEASE_SECONDS + 1],
    );

  it('keeps the answer of the run that took the claim over: a stale run can neither overwrite it nor give the key back', async () => {
    const scope = `user:${randomUUID()}`;
    const key = randomUUID();
    // `any` and `answer`: the same steps ran against the store before claims had an owner (claim
    // answered true, complete took no token); there the stale run's answer overwrote the other.
    const store = keys as any;
    const answer = (sc: string, token: unknown, status: number, body: unknown) =>
      store.complete.length === 4
        ? store.complete(sc, key, status, body)
        : store.complete(sc, key, token, status, body);
    const stale = await store.claim(scope, key, 'hash-1');
    expect(stale).toBeTruthy();
    expect(await store.claim(scope, key, 'hash-1')).toBeFalsy(); // in hand, within the lease
    await leaseRunsOut(scope, key);
    const fresh = await store.claim(scope, key, 'hash-1');
    expect(fresh).toBeTruthy();

    // The retry that took over answers first; then the stale run, still alive, answers too.
    await answer(scope, fresh, 201, { id: 'from the run that took over' });
    await answer(scope, stale, 201, { id: 'from the stale run' });
    expect(await keys.find(scope, key)).toEqual({
      requestHash: 'hash-1',
      statusCode: 201,
      response: { id: 'from the run that took over' },
    });

    // A stale run that fails on our side does not give back a key it no longer owns.
    const scope2 = `user:${randomUUID()}`;
    const staleRun = await store.claim(scope2, key, 'hash-2');
    await leaseRunsOut(scope2, key);
    const takenOver = await store.claim(scope2, key, 'hash-2');
    await store.release(scope2, key, staleRun);
    expect(await keys.find(scope2, key)).toEqual({ requestHash: 'hash-2', statusCode: null, response: null });
    expect(await store.complete(scope2, key, takenOver, 200, { ok: true })).toBe(true);
    expect(await keys.find(scope2, key)).toMatchObject({ statusCode: 200, response: { ok: true } });
  });

  it('lets its owner give a key back, and refuses a claim of another request under the same key', async () => {
    const scope = `user:${randomUUID()}`;
    const key = randomUUID();
    const token = await keys.claim(scope, key, 'hash-a');
    expect(token).toEqual(expect.any(String));
    expect(await keys.claim(scope, key, 'hash-b')).toBeNull();
    await keys.release(scope, key, token!);
    expect(await keys.find(scope, key)).toBeNull();
    expect(await keys.claim(scope, key, 'hash-b')).toEqual(expect.any(String));
  });

  it('takes a key whose answer is older than 24 hours (not yet purged) as new, for any request; a younger answer stays', async () => {
    const scope = `user:${randomUUID()}`;
    const [old, young] = [randomUUID(), randomUUID()];
    for (const key of [old, young]) {
      const token = await keys.claim(scope, key, 'hash-a');
      await keys.complete(scope, key, token!, 201, { key });
    }
    await dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = $1 AND key = $2`,
      [scope, old],
    );
    expect(await keys.claim(scope, young, 'hash-b')).toBeNull();
    expect(await keys.claim(scope, young, 'hash-a')).toBeNull();
    expect(await keys.find(scope, young)).toMatchObject({ requestHash: 'hash-a', statusCode: 201 });

    const token = await keys.claim(scope, old, 'hash-b');
    expect(token).toEqual(expect.any(String));
    expect(await keys.find(scope, old)).toEqual({ requestHash: 'hash-b', statusCode: null, response: null });
    // The claim is fresh: a second claim within the lease is refused, and its owner answers.
    expect(await keys.claim(scope, old, 'hash-b')).toBeNull();
    expect(await keys.complete(scope, old, token!, 200, { again: true })).toBe(true);
    expect(await keys.find(scope, old)).toMatchObject({ statusCode: 200, response: { again: true } });
  });

  it('purges the answers older than 24 hours, one purger at a time (advisory lock)', async () => {
    const scope = `user:${randomUUID()}`;
    const [old1, old2, fresh] = [randomUUID(), randomUUID(), randomUUID()];
    for (const key of [old1, old2, fresh]) {
      const token = await keys.claim(scope, key, 'h');
      await keys.complete(scope, key, token!, 201, { key });
    }
    await dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = $1 AND key = ANY($2)`,
      [scope, [old1, old2]],
    );

    // Another gateway is purging right now: this one skips the round and deletes nothing.
    const other = dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('mediation-engine:idempotency-purge'))`);
      expect(await keys.purgeExpired()).toBeNull();
      expect(await keys.find(scope, old1)).not.toBeNull();
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }

    expect(await keys.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await keys.find(scope, old1)).toBeNull();
    expect(await keys.find(scope, old2)).toBeNull();
    expect(await keys.find(scope, fresh)).toMatchObject({ statusCode: 201, response: { key: fresh } });
  });
});
