import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DEMO_ACCOUNT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport, uniquePhone } from '../support/http';
import { SseClient } from '../support/sse';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** An 18-character ID number no other test uses. */
const uniqueIdNumber = () => `330102${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}X`;

/**
 * The key-person register (重点人员) and the resident reporters (民情联络员), over HTTP into the
 * gateway with a real worker, Temporal and PostgreSQL (docs/key-persons.md). The database is the
 * run's: look-ups filter by this file's own key persons and cases; the visit policy is put back.
 */
describe('key persons and resident reporters (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let baseUrl: string;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  let clerk: GatewayClient;
  let supervisor1: GatewayClient;
  let supervisor3: GatewayClient;
  let mediator: GatewayClient;
  let grid: GatewayClient;
  let reporter: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    anonymous = new GatewayClient(baseUrl);
    [admin, clerk, supervisor1, supervisor3, mediator, grid, reporter] = await Promise.all(
      ['admin', 'clerk1', 'supervisor1', 'supervisor3', 'mediator1', 'grid1', 'reporter1'].map((name) =>
        anonymous.login(name),
      ),
    );
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  const newKeyPerson = (overrides: Record<string, unknown> = {}) => ({
    name: '赵某（测试）',
    phone: uniquePhone(),
    idNumber: uniqueIdNumber(),
    reason: 'REPEATED_PETITIONS',
    riskLevel: 'MEDIUM',
    gridCode: 'JF-C01-G01',
    responsibleId: DEMO_ACCOUNT_IDS.clerk1,
    ...overrides,
  });

  async function auditOf(kind: string, actor: string, targetId: string): Promise<any[]> {
    const page = await admin.get(`/api/admin/audit?kind=${kind}&actor=${actor}&limit=200`);
    expect(page.status).toBe(200);
    return page.body.items.filter((e: any) => e.targetId === targetId);
  }

  it('lets the intake center and supervisors read the register, refuses everyone else, and audits every read', async () => {
    const body = newKeyPerson();
    const created = await clerk.post('/api/key-persons', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: body.name,
      phone: body.phone,
      idNumber: body.idNumber,
      riskLevel: 'MEDIUM',
      centerCode: 'ZZ',
      visitCount: 0,
      visits: [],
    });
    const id = created.body.id;

    const read = await supervisor1.get(`/api/key-persons/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.phone).toBe(body.phone);
    expect(await auditOf('KEY_PERSON_READ', 'supervisor1', id)).toEqual([
      expect.objectContaining({ actorUsername: 'supervisor1', targetType: 'key_person', details: { view: 'record' } }),
    ]);

    for (const [name, client] of [
      ['mediator1', mediator],
      ['grid1', grid],
      ['reporter1', reporter],
      ['admin', admin],
    ] as const) {
      const refused = await client.get(`/api/key-persons/${id}`);
      expect({ name, status: refused.status, code: refused.body.code }).toEqual({
        name,
        status: 403,
        code: 'FORBIDDEN',
      });
      expect((await client.get('/api/key-persons')).status).toBe(403);
      expect(await auditOf('KEY_PERSON_READ', name, id)).toEqual([]);
    }

    // The list masks phone and ID number, and the read is in the trail with the ids it showed.
    const list = await clerk.get('/api/key-persons?limit=200');
    expect(list.status).toBe(200);
    const row = list.body.items.find((p: any) => p.id === id);
    expect(row.phone).toBe(`${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`);
    expect(row.idNumber).toMatch(/^330102\*+\d{3}X$/);
    expect(JSON.stringify(list.body)).not.toContain(body.phone);
    const listed = await admin.get('/api/admin/audit?kind=KEY_PERSONS_LISTED&actor=clerk1&limit=5');
    expect(listed.body.items[0].details.ids).toContain(id);
    // Nothing personal in the trail.
    expect(JSON.stringify((await admin.get('/api/admin/audit?actor=supervisor1&limit=50')).body)).not.toContain(
      body.phone,
    );
  });

  it('refuses bad registrations with 4xx naming the field', async () => {
    const noIdentity = await clerk.post('/api/key-persons', {
      ...newKeyPerson(),
      phone: undefined,
      idNumber: undefined,
    });
    expect(noIdentity.status).toBe(422);
    expect(noIdentity.body.message.join(' ')).toContain('phone');
    const badGridAndStaff = await clerk.post(
      '/api/key-persons',
      newKeyPerson({ gridCode: 'JF-NOPE', responsibleId: DEMO_ACCOUNT_IDS.mediator1 }),
    );
    expect(badGridAndStaff.status).toBe(422);
    expect(badGridAndStaff.body.message).toEqual([
      'gridCode: unknown grid "JF-NOPE"',
      'responsibleId: mediator1 is neither CLERK nor SUPERVISOR, so may not open the register',
    ]);
    const malformed = await clerk.post(
      '/api/key-persons',
      newKeyPerson({ riskLevel: 'EXTREME', phone: '12', extra: 1 }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  it("flags a report whose party is a key person, shows the link to the register's users only, and suggests MAJOR", async () => {
    const person = (await clerk.post('/api/key-persons', newKeyPerson({ riskLevel: 'HIGH', reason: 'FAMILY_DISPUTE' })))
      .body;
    // A neighbour dispute: normally SIMPLE at the community's committee.
    const report = sampleReport({
      acceptNow: true,
      parties: [
        { role: 'APPLICANT', name: '测试甲', idNumber: person.idNumber.toLowerCase() },
        { role: 'RESPONDENT', name: '测试乙' },
      ],
    });
    const registered = await clerk.post('/api/disputes', report);
    expect(registered.status).toBe(201);
    const caseId = registered.body.id;

    const seen = await clerk.get(`/api/disputes/${caseId}`);
    expect(seen.body.keyPersons).toEqual([
      {
        keyPersonId: person.id,
        name: person.name,
        riskLevel: 'HIGH',
        reason: 'FAMILY_DISPUTE',
        matchedOn: ['idNumber'],
      },
    ]);
    expect(await auditOf('KEY_PERSON_READ', 'clerk1', person.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: { view: 'case', caseId } })]),
    );

    const suggestion = await clerk.get(`/api/disputes/${caseId}/routing-suggestion`);
    expect(suggestion.status).toBe(200);
    expect(suggestion.body.severity).toBe('MAJOR');
    expect(suggestion.body.reasons[0]).toBe('A party matches a key person (重点人员) of the register: severity MAJOR.');
    // A case with an unknown party is suggested as before.
    const plain = (await clerk.post('/api/disputes', sampleReport({ acceptNow: true }))).body;
    expect((await clerk.get(`/api/disputes/${plain.id}/routing-suggestion`)).body.severity).toBe('NORMAL');
    expect((await clerk.get(`/api/disputes/${plain.id}`)).body.keyPersons).toEqual([]);

    // A grid worker's report of the same person: linked, but the grid worker never sees the link.
    const byGrid = await grid.post(
      '/api/disputes',
      sampleReport({ channel: 'GRID_PATROL', parties: [{ role: 'APPLICANT', name: '测试甲', phone: person.phone }] }),
    );
    expect(byGrid.status).toBe(201);
    const asGrid = await grid.get(`/api/disputes/${byGrid.body.id}`);
    expect(asGrid.status).toBe(200);
    expect(asGrid.body).not.toHaveProperty('keyPersons');
    expect(JSON.stringify(asGrid.body)).not.toContain(person.name);
    expect((await supervisor3.get(`/api/disputes/${byGrid.body.id}`)).body.keyPersons).toEqual([
      expect.objectContaining({ keyPersonId: person.id, matchedOn: ['phone'] }),
    ]);
    const detail = await supervisor3.get(`/api/key-persons/${person.id}`);
    expect(detail.body.cases.map((c: any) => c.caseId).sort()).toEqual([caseId, byGrid.body.id].sort());
  });

  it('raises the warning and levels 1–3 of a missed visit on the drill policy, live, and starts again from a recorded visit', async () => {
    const policy = (await admin.get('/api/admin/key-person-visit-policy')).body;
    expect(policy.rules.map((r: any) => [r.riskLevel, r.interval])).toEqual([
      ['HIGH', 'P7D'],
      ['MEDIUM', 'P30D'],
      ['LOW', 'P90D'],
    ]);
    const refused = await admin.request('PUT', '/api/admin/key-person-visit-policy', {
      rules: [{ riskLevel: 'HIGH', interval: 'P1M', level2After: 'P1D', level3After: 'P3D' }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toEqual(
      expect.arrayContaining(['rules: no rule for risk level MEDIUM', expect.stringMatching(/^rules\.0\.interval: /)]),
    );
    const drill = {
      rules: [
        { riskLevel: 'HIGH', interval: 'PT10S', level2After: 'PT2S', level3After: 'PT4S' },
        ...policy.rules.slice(1),
      ],
    };
    expect((await admin.request('PUT', '/api/admin/key-person-visit-policy', drill)).status).toBe(200);
    try {
      const ticket = (await supervisor1.post('/api/alerts/stream-ticket')).body.ticket;
      const stream = new SseClient(`${baseUrl}/api/alerts/stream?ticket=${ticket}`);
      expect(await stream.open()).toBe(200);
      try {
        // supervisor1 leads TJ: a key person in their charge has its level-1 alerts go to TJ.
        const person = (
          await supervisor1.post(
            '/api/key-persons',
            newKeyPerson({ riskLevel: 'HIGH', responsibleId: DEMO_ACCOUNT_IDS.supervisor1 }),
          )
        ).body;
        expect(person.centerCode).toBe('TJ');
        const alertsOf = async () => {
          const page = await supervisor3.get('/api/alerts?limit=200');
          return page.body.items.filter((a: any) => a.caseId === person.id);
        };
        const ladder = await waitFor('the four points of the first round', async () => {
          const alerts = await alertsOf();
          return alerts.length >= 4 ? alerts : undefined;
        });
        expect(ladder.map((a: any) => [a.kind, a.level]).sort()).toEqual([
          ['ESCALATION', 1],
          ['ESCALATION', 2],
          ['ESCALATION', 3],
          ['WARNING', 0],
        ]);
        for (const alert of ladder) {
          expect(alert).toMatchObject({
            stage: 'KEY_PERSON_VISIT',
            reason: 'KEY_PERSON_VISIT',
            caseNo: null,
            deadline: person.nextVisitDue,
          });
        }
        const l1 = ladder.find((a: any) => a.level === 1);
        expect(Date.parse(l1.raisedAt)).toBeGreaterThanOrEqual(Date.parse(person.nextVisitDue));
        // Pushed live to the lead of TJ (levels 0 and 1 are theirs).
        const pushed = await waitFor('the live alerts', async () => {
          const mine = stream.events.filter((e) => e.event === 'alert' && e.data.caseId === person.id);
          return mine.length >= 2 ? mine : undefined;
        });
        expect(pushed.map((e) => e.data.level).sort()).toEqual([0, 1]);

        // A visit starts the next round from its own time.
        const visited = await supervisor1.post(`/api/key-persons/${person.id}/visits`, { note: '上门走访，情绪稳定' });
        expect(visited.status).toBe(201);
        expect(visited.body).toMatchObject({
          visitCount: 1,
          overdue: false,
          visits: [expect.objectContaining({ note: '上门走访，情绪稳定', visitedBy: DEMO_ACCOUNT_IDS.supervisor1 })],
        });
        expect(Date.parse(visited.body.nextVisitDue)).toBe(Date.parse(visited.body.lastVisitAt) + 10_000);
        const warning = await waitFor("the second round's warning", async () => {
          const alerts = await alertsOf();
          return alerts.find((a: any) => a.level === 0 && a.deadline === visited.body.nextVisitDue);
        });
        expect(Date.parse(warning.raisedAt)).toBeGreaterThan(Date.parse(visited.body.lastVisitAt));
        const future = await supervisor1.post(`/api/key-persons/${person.id}/visits`, {
          note: '走访',
          visitedAt: new Date(Date.now() + 3_600_000).toISOString(),
        });
        expect(future.status).toBe(422);

        // Off the register: no more rounds, and no visits.
        const off = await supervisor1.request('PATCH', `/api/key-persons/${person.id}`, { active: false });
        expect(off.status).toBe(200);
        expect((await supervisor1.post(`/api/key-persons/${person.id}/visits`, { note: '走访' })).status).toBe(422);
      } finally {
        await stream.close();
      }
    } finally {
      expect((await admin.request('PUT', '/api/admin/key-person-visit-policy', policy)).status).toBe(200);
    }
  });

  it("lets a resident reporter report in their group's grid and see only their own reports", async () => {
    const report = sampleReport({ channel: 'RESIDENT_REPORTER', summary: '楼道堆物纠纷（居民上报）' });
    const mine = await reporter.post('/api/disputes', report);
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ stage: 'DISCOVERY', gridCode: 'JF-C01-G01' });
    // Masked even in their own report, like a grid worker's.
    expect(mine.body.parties[0].phone).toMatch(/^138\*{4}\d{4}$/);

    const wrongGrid = await reporter.post(
      '/api/disputes',
      sampleReport({ channel: 'RESIDENT_REPORTER', gridCode: 'JF-C01-G02' }),
    );
    expect(wrongGrid.status).toBe(422);
    expect(wrongGrid.body.message).toEqual([
      'gridCode: your resident group 新村社区第一居民小组（演示） is in grid JF-C01-G01',
    ]);
    const wrongChannel = await reporter.post('/api/disputes', sampleReport({ channel: 'GRID_PATROL' }));
    expect(wrongChannel.status).toBe(422);
    expect(
      (await reporter.post('/api/disputes', sampleReport({ channel: 'RESIDENT_REPORTER', acceptNow: true }))).status,
    ).toBe(403);
    expect((await clerk.post('/api/disputes', sampleReport({ channel: 'RESIDENT_REPORTER' }))).status).toBe(422);

    const others = (await grid.post('/api/disputes', sampleReport({ channel: 'GRID_PATROL' }))).body;
    const list = await reporter.get('/api/disputes?limit=200');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((c: any) => c.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(others.id);
    expect((await reporter.get(`/api/disputes/${others.id}`)).status).toBe(403);
    expect((await reporter.get(`/api/disputes/${mine.body.id}`)).status).toBe(200);
    expect((await reporter.get('/api/alerts')).status).toBe(403);
  });

  it('lets an ADMIN create a resident group and a REPORTER account in it', async () => {
    const code = `JF-C01-G02-R${randomUUID().slice(0, 6)}`;
    const group = await admin.post('/api/admin/resident-groups', {
      code,
      name: '新村社区测试居民小组',
      gridCode: 'JF-C01-G02',
    });
    expect(group.status).toBe(201);
    expect(
      (await admin.post('/api/admin/resident-groups', { code, name: '重复', gridCode: 'JF-C01-G02' })).status,
    ).toBe(409);
    expect(
      (await admin.post('/api/admin/resident-groups', { code: `${code}x`, name: '无网格', gridCode: 'JF-NOPE' }))
        .status,
    ).toBe(422);
    expect((await admin.get('/api/admin/resident-groups')).body.items).toEqual(
      expect.arrayContaining([{ code, name: '新村社区测试居民小组', gridCode: 'JF-C01-G02', active: true }]),
    );

    const username = `rep-${randomUUID().slice(0, 8)}`;
    const account = await admin.post('/api/admin/users', {
      username,
      displayName: '测试联络员',
      password: 'reporter-pass-2026',
      roles: ['REPORTER'],
      residentGroupCode: code,
    });
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ roles: ['REPORTER'], residentGroupCode: code, gridCode: 'JF-C01-G02' });
    const noGroup = await admin.post('/api/admin/users', {
      username: `${username}x`,
      displayName: '测试',
      password: 'reporter-pass-2026',
      roles: ['REPORTER'],
    });
    expect(noGroup.status).toBe(422);

    const newReporter = await anonymous.login(username, 'reporter-pass-2026');
    const reported = await newReporter.post(
      '/api/disputes',
      sampleReport({ channel: 'RESIDENT_REPORTER', gridCode: 'JF-C01-G02' }),
    );
    expect(reported.status).toBe(201);
  });
});
