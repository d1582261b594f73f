import type { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createDataSource, poolLimitsOf } from '@app/persistence';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { testConfig } from '../support/test-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue 14, failing honestly: liveness and readiness apart, and the database pools' limits (real PostgreSQL and Temporal). */
describe('health probes and the database pool limits (gateway + real PostgreSQL and Temporal)', () => {
  // Short limits, so that a hanging statement and an abandoned transaction are ended within the test.
  const config = testConfig({ DB_STATEMENT_TIMEOUT_MS: '500', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '500' });
  let app: INestApplication;
  let anonymous: GatewayClient;
  let gatewayPool: DataSource;

  beforeAll(async () => {
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    gatewayPool = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers /health/live without asking anything, /health/ready with PostgreSQL and Temporal up, and /health as before', async () => {
    const live = await anonymous.get('/health/live');
    expect({ status: live.status, body: live.body }).toEqual({
      status: 200,
      body: { status: 'ok', info: {}, error: {}, details: {} },
    });
    const ready = await anonymous.get('/health/ready');
    expect({ status: ready.status, body: ready.body }).toEqual({
      status: 200,
      body: {
        status: 'ok',
        info: { database: { status: 'up' }, temporal: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' }, temporal: { status: 'up' } },
      },
    });
    const both = await anonymous.get('/health');
    expect({ status: both.status, body: both.body }).toMatchObject({
      status: 200,
      body: { status: 'ok', database: 'up', temporal: 'up' },
    });
  });

  it("gives the gateway's sessions a statement timeout and an idle-in-transaction timeout from the configuration", async () => {
    expect(await gatewayPool.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '500ms' }]);
    expect(await gatewayPool.query('SHOW idle_in_transaction_session_timeout')).toEqual([
      { idle_in_transaction_session_timeout: '500ms' },
    ]);
    // A statement that would hang is cancelled by PostgreSQL (57014 query_canceled) instead of holding its connection.
    await expect(gatewayPool.query('SELECT pg_sleep(30)')).rejects.toMatchObject({ driverError: { code: '57014' } });

    // A transaction left open and idle is ended by PostgreSQL; the pool goes on serving.
    const abandoned = gatewayPool.createQueryRunner();
    await abandoned.connect();
    await abandoned.startTransaction();
    await abandoned.query('SELECT 1');
    await sleep(2000);
    await expect(abandoned.query('SELECT 1')).rejects.toThrow();
    await abandoned.release().catch(() => undefined);
    expect(await gatewayPool.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it("gives the worker's pool (createDataSource with the same limits) the configured settings, and none without them", async () => {
    const workerPool = createDataSource(config.databaseUrl!, 1, poolLimitsOf(testConfig()));
    const unlimited = createDataSource(config.databaseUrl!, 1);
    await workerPool.initialize();
    await unlimited.initialize();
    try {
      expect(await workerPool.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '30s' }]);
      expect(await workerPool.query('SHOW idle_in_transaction_session_timeout')).toEqual([
        { idle_in_transaction_session_timeout: '1min' },
      ]);
      expect(workerPool.options.extra).toMatchObject({ connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
      // Migrations and maintenance scripts keep PostgreSQL's defaults.
      expect(await unlimited.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '0' }]);
    } finally {
      await workerPool.destroy();
      await unlimited.destroy();
    }
  });
});
