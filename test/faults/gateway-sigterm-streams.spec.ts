import { randomUUID } from 'crypto';
import { freePort } from '@app/stack';
import { AppFleet, requireBuiltApps, type AppProcess } from '../support/fault-stack';
import { GatewayClient } from '../support/http';
import { SseClient } from '../support/sse';
import { waitFor } from '../support/wait-for';

/** Far above the few seconds a shutdown takes; only a gateway that never exits (the fault) reaches it. */
const EXIT_PATIENCE_MS = 30_000;

/**
 * Live streams end on shutdown: the built gateway, SIGTERMed with an alert stream and a task
 * stream open (one by bearer token, one by ticket), sends each stream `event: end` (SHUTDOWN),
 * ends them and exits. Before, the open streams held the HTTP server open and the process never
 * exited on SIGTERM.
 */
describe('fault: the gateway SIGTERMed with live streams open (real process)', () => {
  const fleet = new AppFleet();
  let gateway: AppProcess;
  let baseUrl: string;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    requireBuiltApps();
    const port = await freePort();
    gateway = await fleet.start('gateway', {
      databaseUrl: process.env.DATABASE_URL!,
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      taskQueue: `fault-sigterm-${randomUUID()}`,
      port,
    });
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await fleet.stopAll();
  });

  it('ends every open stream and exits on SIGTERM', async () => {
    const anonymous = new GatewayClient(baseUrl);
    const supervisor = await anonymous.login('supervisor2');
    const mediator = await anonymous.login('mediator1');
    const alerts = new SseClient(`${baseUrl}/api/alerts/stream`, supervisor.token);
    const ticket = (await mediator.post('/api/tasks/stream-ticket')).body.ticket as string;
    const tasks = new SseClient(`${baseUrl}/api/tasks/stream?ticket=${ticket}`);
    streams.push(alerts, tasks);
    expect(await alerts.open()).toBe(200);
    expect(await tasks.open()).toBe(200);

    gateway.child.kill('SIGTERM');
    let patience: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      gateway.exited,
      new Promise<string>((resolve) => (patience = setTimeout(() => resolve('still running'), EXIT_PATIENCE_MS))),
    ]);
    clearTimeout(patience);
    expect({ outcome, output: outcome === 'still running' ? gateway.output().slice(-2000) : '' }).toEqual({
      outcome: 'SIGTERM',
      output: '',
    });

    for (const stream of [alerts, tasks]) {
      await waitFor(
        'the stream to be ended by the server',
        async () => (stream.endedByServer ? true : undefined),
        10_000,
      );
      expect(stream.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'SHUTDOWN' } });
    }
  });
});
