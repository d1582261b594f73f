import type { INestApplication } from '@nestjs/common';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

type Who = 'CLERK' | 'GRID_WORKER' | 'MEDIATOR' | 'SUPERVISOR' | 'ADMIN';
const EVERYONE: Who[] = ['CLERK', 'GRID_WORKER', 'MEDIATOR', 'SUPERVISOR', 'ADMIN'];
const ACCOUNTS: Record<Who, string> = {
  CLERK: 'clerk1',
  GRID_WORKER: 'grid1',
  MEDIATOR: 'mediator1',
  SUPERVISOR: 'supervisor2',
  ADMIN: 'admin',
};

/**
 * Every route × every role: allowed ones get past authorization (any answer but 401/403),
 * refused ones get 403. The case is in HANDLING, held by mediator1 (in whose pool it is), and
 * reported by the clerk; bodies are empty, so an allowed action stops at validation or at the
 * stage rules instead of changing the case (release, which needs no body, comes last).
 */
const TABLE: [string, string, Who[]][] = [
  ['POST', '/api/disputes', ['CLERK', 'GRID_WORKER']],
  ['GET', '/api/disputes', EVERYONE],
  ['GET', '/api/disputes/duplicates?phone=13800000001', ['CLERK']],
  ['GET', '/api/disputes/:id', ['CLERK', 'MEDIATOR', 'SUPERVISOR', 'ADMIN']],
  ['GET', '/api/disputes/:id/timeline', ['CLERK', 'MEDIATOR', 'SUPERVISOR', 'ADMIN']],
  ['GET', '/api/disputes/:id/routing-suggestion', ['CLERK', 'SUPERVISOR']],
  ['GET', '/api/disputes/:id/mediators', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/accept', ['CLERK']],
  ['POST', '/api/disputes/:id/reject', ['CLERK']],
  ['POST', '/api/disputes/:id/merge', ['CLERK']],
  ['POST', '/api/disputes/:id/route', ['CLERK', 'SUPERVISOR']],
  ['POST', '/api/disputes/:id/handling-records', ['MEDIATOR']],
  ['POST', '/api/disputes/:id/complete-handling', ['MEDIATOR']],
  ['POST', '/api/disputes/:id/follow-ups', ['MEDIATOR']],
  ['POST', '/api/disputes/:id/extensions', ['MEDIATOR']],
  ['POST', '/api/disputes/:id/extensions/00000000-0000-4000-8000-000000000000/decision', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/supervision-orders', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/supervision/approve', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/supervision/return', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/feedback', ['MEDIATOR', 'CLERK']],
  ['POST', '/api/disputes/:id/transfer', ['CLERK', 'SUPERVISOR', 'MEDIATOR']],
  ['POST', '/api/disputes/:id/suspend', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/resume', ['SUPERVISOR']],
  ['POST', '/api/disputes/:id/withdraw', ['CLERK', 'MEDIATOR']],
  ['POST', '/api/disputes/:id/reassign', ['SUPERVISOR']],
  ['GET', '/api/tasks?scope=pool', ['MEDIATOR']],
  ['POST', '/api/tasks/:id/claim', ['MEDIATOR']],
  ['GET', '/api/alerts', ['SUPERVISOR', 'MEDIATOR']],
  ['POST', '/api/alerts/00000000-0000-4000-8000-000000000000/ack', ['SUPERVISOR', 'MEDIATOR']],
  ['GET', '/api/stats', ['SUPERVISOR', 'ADMIN']],
  ['GET', '/api/briefings', ['SUPERVISOR', 'ADMIN']],
  ['POST', '/api/briefings', ['SUPERVISOR', 'ADMIN']],
  ['GET', '/api/briefings/00000000-0000-4000-8000-000000000000', ['SUPERVISOR', 'ADMIN']],
  ['GET', '/api/briefings/00000000-0000-4000-8000-000000000000.xlsx', ['SUPERVISOR', 'ADMIN']],
  ['GET', '/api/briefings/00000000-0000-4000-8000-000000000000.pdf', ['SUPERVISOR', 'ADMIN']],
  ['GET', '/api/meta/territory', EVERYONE],
  ['GET', '/api/admin/users', ['ADMIN']],
  ['POST', '/api/admin/users', ['ADMIN']],
  ['PATCH', '/api/admin/users/00000000-0000-4000-8000-000000001001', ['ADMIN']],
  ['GET', '/api/admin/routing-rules', ['ADMIN']],
  ['PUT', '/api/admin/routing-rules', ['ADMIN']],
  ['GET', '/api/admin/sla-policy', ['ADMIN']],
  ['PUT', '/api/admin/sla-policy', ['ADMIN']],
  ['GET', '/api/admin/calendar/2026', ['ADMIN']],
  ['PUT', '/api/admin/calendar/2026', ['ADMIN']],
  ['GET', '/api/admin/alerts', ['ADMIN']],
  ['POST', '/api/admin/alerts/00000000-0000-4000-8000-000000000000/ack', ['ADMIN']],
  ['POST', '/api/tasks/:id/release', ['MEDIATOR']],
];

describe('authorization: every route × every role', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  const clients = {} as Record<Who, GatewayClient>;
  let caseId: string;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const anonymous = new GatewayClient(await app.getUrl());
    for (const who of EVERYONE) clients[who] = await anonymous.login(ACCOUNTS[who]);
    const created = await clients.CLERK.post('/api/disputes', sampleReport({ acceptNow: true }));
    caseId = created.body.id;
    await clients.CLERK.post(`/api/disputes/${caseId}/route`, {
      centerCode: 'TJ',
      unitId: DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
      severity: 'NORMAL',
    });
    expect((await clients.MEDIATOR.post(`/api/tasks/${caseId}/claim`)).body.stage).toBe('HANDLING');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it('allows exactly the roles of the table', async () => {
    const seen: string[] = [];
    for (const [method, template, allowed] of TABLE) {
      const path = template.replace(':id', caseId);
      for (const who of EVERYONE) {
        // Only the last route may change the case, and only for the last role to try it.
        if (template.endsWith('/release') && who === 'MEDIATOR') continue;
        const { status } = await clients[who].request(method, path, method === 'GET' ? undefined : {});
        const verdict = status === 401 || status === 403 ? 'refused' : 'allowed';
        seen.push(`${method} ${template} ${who}: ${verdict}${verdict === 'allowed' ? ` (${status})` : ''}`);
        expect({ route: `${method} ${template}`, who, verdict }).toEqual({
          route: `${method} ${template}`,
          who,
          verdict: allowed.includes(who) ? 'allowed' : 'refused',
        });
        expect(status).not.toBe(500);
      }
    }
    expect((await clients.MEDIATOR.post(`/api/tasks/${caseId}/release`)).status).toBe(200);
    expect(seen.length).toBe(TABLE.length * EVERYONE.length - 1);
  });

  it('refuses every staff route without a token', async () => {
    const anonymous = new GatewayClient(await app.getUrl());
    for (const [method, template] of TABLE) {
      const { status, body } = await anonymous.request(
        method,
        template.replace(':id', caseId),
        method === 'GET' ? undefined : {},
      );
      expect({ route: `${method} ${template}`, status, code: body?.code }).toEqual({
        route: `${method} ${template}`,
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
  });
});
