import { randomUUID } from 'crypto';
import { freePort } from '@app/stack';
import { disputeWorkflowId, rejectDisputeUpdate, routeDisputeUpdate, type CaseState } from '@app/contracts';
import { actors, XINCUN_COMMITTEE } from '../support/case-driver';
import {
  AppFleet,
  connectClientSide,
  requireBuiltApps,
  type AppEnv,
  type AppProcess,
  type ClientSide,
} from '../support/fault-stack';
import { GatewayClient } from '../support/http';
import { waitFor } from '../support/wait-for';

interface AdminAlert {
  id: string;
  kind: string;
  caseId: string | null;
  activity: string;
  attempts: number;
  error: string;
  acknowledgedAt: string | null;
}

/**
 * Issue 14, failing honestly: an activity that keeps failing no longer stalls its case in
 * silence. The worker (real process, built) is made to fail appends on purpose
 * (FAULT_FAIL_APPEND): one case's appends fail as a refused connection would (retried, and
 * ACTIVITY_FAILING for ADMIN after ACTIVITY_ALERT_AFTER_ATTEMPTS), another's as a record the
 * database rejects (not retried by the activity, ACTIVITY_REFUSED at once, the case held, not
 * failed). A worker without the fault then takes both cases on: each action recorded once.
 */
describe('fault: activities failing on purpose in the worker raise ADMIN alerts (real processes, Temporal, PostgreSQL)', () => {
  const taskQueue = `fault-activity-alert-${randomUUID()}`;
  const fleet = new AppFleet();
  let side: ClientSide;
  let env: AppEnv;
  let faulty: AppProcess;

  beforeAll(async () => {
    requireBuiltApps();
    side = await connectClientSide(process.env.TEMPORAL_ADDRESS!, process.env.DATABASE_URL!, taskQueue);
    env = {
      databaseUrl: process.env.DATABASE_URL!,
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      taskQueue,
      port: await freePort(),
    };
    faulty = await fleet.start('worker', env, {
      FAULT_FAIL_APPEND: 'DisputeRouted:retryable,DisputeRejected:refused',
      ACTIVITY_ALERT_AFTER_ATTEMPTS: '2',
    });
    await fleet.start('gateway', env);
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close();
  });

  it('alerts ADMIN about the retried and the refused append, holds the refused case without failing it, and both go on once mended', async () => {
    const anonymous = new GatewayClient(`http://127.0.0.1:${env.port}`);
    const admin = await anonymous.login('admin');
    const retried = (await side.cases.register()).caseId;
    const refused = (await side.cases.register({ acceptNow: false })).caseId;

    // Both actions wait on their appends: started, not awaited yet.
    const route = side.cases
      .act(retried, routeDisputeUpdate, {
        actor: actors.clerk,
        centerCode: 'TJ',
        unitId: XINCUN_COMMITTEE,
        severity: 'NORMAL',
        slaClass: 'GENERAL',
      })
      .then(
        (state: CaseState) => state,
        (error: unknown) => error,
      );
    const reject = side.cases
      .act(refused, rejectDisputeUpdate, { actor: actors.clerk, reason: 'not a dispute (drill)' })
      .then(
        (state: CaseState) => state,
        (error: unknown) => error,
      );

    const alerts = await waitFor(
      'the ADMIN alerts of both cases',
      async () => {
        const listed = await admin.get('/api/admin/alerts');
        expect(listed.status).toBe(200);
        const mine = (listed.body.items as AdminAlert[]).filter((a) => a.caseId === retried || a.caseId === refused);
        const failing = mine.find((a) => a.caseId === retried && a.kind === 'ACTIVITY_FAILING');
        const refusal = mine.find((a) => a.caseId === refused && a.kind === 'ACTIVITY_REFUSED');
        return failing && refusal ? { failing, refusal, all: mine } : undefined;
      },
      90_000,
      500,
    );
    expect(alerts.failing).toMatchObject({
      activity: expect.stringMatching(/^recordCaseEvent/),
      attempts: expect.any(Number),
      error: expect.stringMatching(/^ECONNREFUSED /),
    });
    expect(alerts.failing.attempts).toBeGreaterThanOrEqual(2);
    expect(alerts.refusal).toMatchObject({
      activity: expect.stringMatching(/^recordCaseEvent/),
      error: expect.stringMatching(/^23505 duplicate key value/),
    });
    // One open alert per case and kind, however often the activity failed.
    expect(
      alerts.all
        .filter((a) => a.acknowledgedAt === null)
        .map((a) => `${a.caseId} ${a.kind}`)
        .sort(),
    ).toEqual([`${retried} ACTIVITY_FAILING`, `${refused} ACTIVITY_REFUSED`].sort());
    // Only ADMIN sees them.
    expect((await (await anonymous.login('supervisor2')).get('/api/admin/alerts')).status).toBe(403);

    // Nothing of either action is recorded; the refused case is held, not failed (nor is the other).
    expect(await side.cases.eventTypes(retried)).toEqual(['DisputeReported', 'DisputeAccepted']);
    expect(await side.cases.eventTypes(refused)).toEqual(['DisputeReported']);
    for (const caseId of [retried, refused]) {
      expect((await side.client.workflow.getHandle(disputeWorkflowId(caseId)).describe()).status.name).toBe('RUNNING');
    }

    const acknowledged = await admin.post(`/api/admin/alerts/${alerts.failing.id}/ack`);
    expect(acknowledged).toMatchObject({
      status: 200,
      body: { id: alerts.failing.id, acknowledgedAt: expect.any(String) },
    });

    // The defect mended: a worker without the fault takes both cases on.
    await faulty.kill();
    await fleet.start('worker', env);
    expect(await route).toMatchObject({ stage: 'ROUTING' });
    expect(await reject).toMatchObject({ status: 'CLOSED' });
    expect(await side.cases.eventTypes(retried)).toEqual(['DisputeReported', 'DisputeAccepted', 'DisputeRouted']);
    expect((await side.cases.eventTypes(refused)).filter((type) => type === 'DisputeRejected')).toEqual([
      'DisputeRejected',
    ]);
  });
});
