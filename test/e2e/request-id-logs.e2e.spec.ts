import type { INestApplication } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomUUID } from 'crypto';
import { Writable } from 'stream';
import type { DataSource } from 'typeorm';
import { createLogger } from '@app/config/logging';
import { createDataSource } from '@app/persistence';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { createDisputeWorker } from '../../apps/worker/src/dispute-worker.factory';
import { GatewayClient, sampleReport, uniquePhone } from '../support/http';
import { bundle } from '../support/replay';
import { testConfig } from '../support/test-stack';

/** A log destination that keeps every line, parsed. */
class CapturedLog extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  entries(): Record<string, any>[] {
    return this.lines.map((line) => JSON.parse(line));
  }
}

/**
 * Structured logs (nestjs-pino) with the request id from the gateway into the worker's activity
 * log lines, and no personal data anywhere in either log: the gateway and a worker built the way
 * main.ts builds them, on the real servers, each logging into a captured stream.
 */
describe('request ids and personal data in the logs (gateway + worker + real servers)', () => {
  const config = testConfig({ LOG_LEVEL: 'log' });
  const gatewayLog = new CapturedLog();
  const workerLog = new CapturedLog();
  let app: INestApplication;
  let dataSource: DataSource;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let anonymous: GatewayClient;
  let clerk: GatewayClient;

  beforeAll(async () => {
    dataSource = createDataSource(config.databaseUrl!, 4);
    await dataSource.initialize();
    connection = await NativeConnection.connect({ address: config.temporalAddress! });
    worker = await createDisputeWorker({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: config.temporalTaskQueue,
      dataSource,
      streetCode: config.streetCode,
      // From the sources, as npm run build bundles it (the interceptors included).
      workflowBundle: await bundle(),
      logger: createLogger('log', 'worker', workerLog),
    });
    running = worker.run();
    app = await createGateway(config, { logDestination: gatewayLog });
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    clerk = await anonymous.login('clerk1');
  });
  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
    await dataSource?.destroy();
  });

  it('echoes a well-formed X-Request-Id and makes one for a missing or malformed one', async () => {
    const given = `client-${randomUUID()}`;
    const echoed = await fetch(`${await app.getUrl()}/health`, { headers: { 'X-Request-Id': given } });
    expect(echoed.headers.get('x-request-id')).toBe(given);
    const malformed = await fetch(`${await app.getUrl()}/health`, { headers: { 'X-Request-Id': 'two words\u00e9' } });
    expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${await app.getUrl()}/health`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(malformed.headers.get('x-request-id'));
    const line = gatewayLog.entries().find((e) => e.requestId === given);
    expect(line).toMatchObject({
      app: 'gateway',
      msg: 'request completed',
      method: 'GET',
      route: '/health',
      status: expect.any(Number),
    });
  });

  it("follows a request from the gateway's log line into the worker's activity log lines, and logs no phone, ID number or party name", async () => {
    const phone = uniquePhone();
    const idNumber = `3301021990${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const name = `日志测试${randomUUID().slice(0, 4)}`;
    const intakeId = `intake-${randomUUID()}`;
    const registered = await clerk.post(
      '/api/disputes',
      sampleReport({ parties: [{ role: 'APPLICANT', name, phone, idNumber }], address: `${name}家 ${phone}` }),
      { 'X-Request-Id': intakeId },
    );
    expect(registered.status).toBe(201);
    const acceptId = `accept-${randomUUID()}`;
    expect(
      (await clerk.post(`/api/disputes/${registered.body.id}/accept`, {}, { 'X-Request-Id': acceptId })).status,
    ).toBe(200);
    // Refused requests that carry the same data: their log lines too.
    expect(
      (
        await clerk.post('/api/disputes', {
          ...sampleReport({ parties: [{ role: 'APPLICANT', name, phone, idNumber }] }),
          gridCode: 'JF-C99-G99',
        })
      ).status,
    ).toBe(422);
    expect((await anonymous.post('/api/auth/login', { username: phone, password: idNumber })).status).toBe(401);
    // Every case page and timeline as a clerk sees them (whole numbers in the answers).
    expect(JSON.stringify((await clerk.get(`/api/disputes/${registered.body.id}/timeline`)).body)).toContain(phone);

    const gateway = gatewayLog.entries();
    expect(gateway.find((e) => e.requestId === intakeId)).toMatchObject({
      msg: 'request completed',
      method: 'POST',
      route: '/api/disputes',
      status: 201,
      user: expect.any(String),
    });
    const activities = workerLog.entries().filter((e) => e.msg === 'activity completed');
    const ofIntake = activities.filter((e) => e.requestId === intakeId);
    expect(ofIntake.length).toBeGreaterThan(0);
    expect(ofIntake[0]).toMatchObject({
      app: 'worker',
      workflowId: `dispute-${registered.body.id}`,
      activity: expect.any(String),
      ms: expect.any(Number),
    });
    expect(activities.filter((e) => e.requestId === acceptId).map((e) => e.workflowId)).toContain(
      `dispute-${registered.body.id}`,
    );

    const everything = [...gatewayLog.lines, ...workerLog.lines].join('\n');
    expect(everything).not.toContain(phone);
    expect(everything).not.toContain(idNumber);
    expect(everything).not.toContain(name);
    expect(everything).not.toMatch(/Bearer [A-Za-z0-9_-]+\./);
    expect(everything).not.toContain('demo-pass-2026');
  });
});
