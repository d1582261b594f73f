import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { CHINA_CALENDAR_2026 } from '@app/domain/calendar/working-calendar';
import { DEFAULT_ROUTING_RULES } from '@app/domain/routing/routing-rules';
import { DEMO_ACCOUNT_IDS, DEMO_UNIT_IDS } from '@app/domain/territory';
import { createDataSource } from '@app/persistence';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { testConfig } from '../support/test-stack';

/**
 * The ADMIN routes and the territory over HTTP, against the real PostgreSQL. The database is
 * shared with the other tests of the run: usernames are unique to this file, and every setting
 * a test changes (routing table, office SLA policy, calendar) is put back as it was found.
 */
describe('administration over HTTP (gateway + real PostgreSQL)', () => {
  const config = testConfig();
  const run = randomUUID().slice(0, 8);
  const username = (name: string) => `e2e-${run}-${name}`;
  let app: INestApplication;
  let dataSource: DataSource;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  let clerk: GatewayClient;

  beforeAll(async () => {
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    dataSource = createDataSource(config.databaseUrl!, 2);
    await dataSource.initialize();
    anonymous = new GatewayClient(await app.getUrl());
    admin = await anonymous.login('admin');
    clerk = await anonymous.login('clerk1');
  });
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
  });

  const messageOf = (body: { message: string | string[] }) => [body.message].flat().join('\n');

  describe('users', () => {
    it('creates an account that signs in with its password, hashed and never shown', async () => {
      const created = await admin.post('/api/admin/users', {
        username: username('mediator'),
        displayName: '测试调解员',
        password: 'first-pass-1',
        roles: ['MEDIATOR'],
        centerCode: 'TJ',
        unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE],
      });
      expect(created).toMatchObject({
        status: 201,
        body: {
          username: username('mediator'),
          roles: ['MEDIATOR'],
          centerCode: 'TJ',
          unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE],
          active: true,
        },
      });
      expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt|argon|first-pass-1/i);
      const [{ password_hash }] = await dataSource.query('SELECT password_hash FROM users WHERE id = $1', [
        created.body.id,
      ]);
      expect(password_hash).toMatch(/^\$argon2id\$/);

      const login = await anonymous.post('/api/auth/login', {
        username: username('mediator'),
        password: 'first-pass-1',
      });
      expect(login).toMatchObject({
        status: 200,
        body: {
          user: { id: created.body.id, roles: ['MEDIATOR'], unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE] },
        },
      });
    });

    it("names a grid worker's grid in the login answer (the grid desk preselects it), and no grid for others", async () => {
      const grid1 = await anonymous.post('/api/auth/login', { username: 'grid1', password: 'demo-pass-2026' });
      expect(grid1).toMatchObject({
        status: 200,
        body: { user: { username: 'grid1', roles: ['GRID_WORKER'], gridCode: expect.stringMatching(/^JF-C01-G\d+$/) } },
      });
      const clerk1 = await anonymous.post('/api/auth/login', { username: 'clerk1', password: 'demo-pass-2026' });
      expect(clerk1.body.user).not.toHaveProperty('gridCode');

      const created = await admin.post('/api/admin/users', {
        username: username('grid'),
        displayName: '测试网格员',
        password: 'grid-pass-12',
        roles: ['GRID_WORKER'],
        gridCode: 'JF-C02-G03',
      });
      expect(created).toMatchObject({ status: 201, body: { gridCode: 'JF-C02-G03' } });
      const login = await anonymous.post('/api/auth/login', { username: username('grid'), password: 'grid-pass-12' });
      expect(login).toMatchObject({ status: 200, body: { user: { id: created.body.id, gridCode: 'JF-C02-G03' } } });
    });

    it('lists accounts by username in pages, without password hashes', async () => {
      for (const name of ['list-a', 'list-b', 'list-c']) {
        expect(
          (
            await admin.post('/api/admin/users', {
              username: username(name),
              displayName: name,
              password: 'list-pass-123',
              roles: ['CLERK'],
            })
          ).status,
        ).toBe(201);
      }
      const all = await admin.get('/api/admin/users?limit=200');
      expect(all.status).toBe(200);
      const names = (all.body.items as { username: string }[]).map((u) => u.username);
      expect(names).toEqual(
        expect.arrayContaining([
          'admin',
          'clerk1',
          'supervisor3',
          username('list-a'),
          username('list-b'),
          username('list-c'),
        ]),
      );
      expect(names).toEqual([...names].sort());
      expect(JSON.stringify(all.body)).not.toMatch(/password|scrypt|argon/i);
      expect(all.body.items.find((u: { username: string }) => u.username === 'supervisor1')).toMatchObject({
        supervisorLevel: 1,
        centerCode: 'TJ',
      });

      // Page through two at a time: every account once, in the same order.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { username: string }[]; nextCursor: string | null } } =
          await admin.get(`/api/admin/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items.map((u) => u.username));
        cursor = page.body.nextCursor;
      } while (cursor && paged.length < 400);
      expect(paged).toEqual([...paged].sort());
      expect(new Set(paged).size).toBe(paged.length);
      expect(paged).toEqual(expect.arrayContaining(names));

      expect(await admin.get('/api/admin/users?limit=0')).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      // Not a cursor's shape: 400; the shape of one, but not one this list handed out: 422.
      expect(await admin.get('/api/admin/users?cursor=not%20a%20cursor')).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      const badCursor = await admin.get('/api/admin/users?cursor=not-a-cursor');
      expect(badCursor).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
      expect(messageOf(badCursor.body)).toContain('cursor');
    });

    it('refuses a taken username with 409 CONFLICT', async () => {
      const body = { username: username('dup'), displayName: '重复', password: 'dup-pass-1234', roles: ['CLERK'] };
      expect((await admin.post('/api/admin/users', body)).status).toBe(201);
      expect(await admin.post('/api/admin/users', body)).toMatchObject({
        status: 409,
        body: { code: 'CONFLICT', statusCode: 409 },
      });
      expect(await admin.post('/api/admin/users', { ...body, username: 'clerk1' })).toMatchObject({
        status: 409,
        body: { code: 'CONFLICT' },
      });
    });

    it('refuses bad accounts naming every bad field (400 malformed, 422 unknown references and role rules), and creates nothing', async () => {
      const bad = await admin.post('/api/admin/users', {
        username: username('bad'),
        displayName: '',
        password: 'short',
        roles: ['CLERK', 'JANITOR'],
        supervisorLevel: 4,
        extra: true,
      });
      expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      for (const field of ['displayName', 'password', 'roles', 'supervisorLevel', 'extra: unknown field'])
        expect(messageOf(bad.body)).toContain(field);

      const unknownReferences = await admin.post('/api/admin/users', {
        username: username('bad'),
        displayName: '网格员',
        password: 'grid-pass-12',
        roles: ['GRID_WORKER'],
        centerCode: 'QQ',
        unitIds: ['00000000-0000-4000-8000-00000000dead', 'not-a-uuid'],
        gridCode: 'JF-C99-G99',
      });
      expect(unknownReferences.status).toBe(400);
      for (const field of ['centerCode', 'unitIds']) expect(messageOf(unknownReferences.body)).toContain(field);

      const unknownInTerritory = await admin.post('/api/admin/users', {
        username: username('bad'),
        displayName: '网格员',
        password: 'grid-pass-12',
        roles: ['GRID_WORKER'],
        unitIds: ['00000000-0000-4000-8000-00000000dead'],
        gridCode: 'JF-C99-G99',
      });
      expect(unknownInTerritory).toMatchObject({
        status: 422,
        body: { code: 'RULE_VIOLATION' },
      });
      expect(unknownInTerritory).toMatchObject({
        body: {
          message: [
            'unitIds: unknown unit "00000000-0000-4000-8000-00000000dead"',
            'gridCode: unknown grid "JF-C99-G99"',
          ],
        },
      });

      const roleRules = await admin.post('/api/admin/users', {
        username: username('bad'),
        displayName: '督办',
        password: 'super-pass-1',
        roles: ['CLERK'],
        supervisorLevel: 2,
        gridCode: 'JF-C01-G01',
      });
      expect(roleRules).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
      expect(messageOf(roleRules.body)).toMatch(
        /supervisorLevel: only a SUPERVISOR[\s\S]*gridCode: only a GRID_WORKER/,
      );
      const levelOneWithoutCenter = await admin.post('/api/admin/users', {
        username: username('bad'),
        displayName: '督办',
        password: 'super-pass-1',
        roles: ['SUPERVISOR'],
        supervisorLevel: 1,
      });
      expect(levelOneWithoutCenter).toMatchObject({
        status: 422,
        body: { message: ['centerCode: a level-1 supervisor needs the center they lead'] },
      });

      const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [
        username('bad'),
      ]);
      expect(n).toBe(0);
    });

    it('changes an account: password, roles, and active=false stops sign-in', async () => {
      const created = await admin.post('/api/admin/users', {
        username: username('patch'),
        displayName: '待改',
        password: 'old-pass-123',
        roles: ['CLERK'],
      });
      const id = created.body.id as string;

      const changed = await admin.request('PATCH', `/api/admin/users/${id}`, {
        displayName: '已改',
        password: 'new-pass-456',
        roles: ['SUPERVISOR'],
        supervisorLevel: 2,
      });
      expect(changed).toMatchObject({
        status: 200,
        body: { id, displayName: '已改', roles: ['SUPERVISOR'], supervisorLevel: 2, active: true },
      });
      expect(
        await anonymous.post('/api/auth/login', { username: username('patch'), password: 'old-pass-123' }),
      ).toMatchObject({ status: 401 });
      expect(
        await anonymous.post('/api/auth/login', { username: username('patch'), password: 'new-pass-456' }),
      ).toMatchObject({
        status: 200,
        body: { user: { roles: ['SUPERVISOR'], supervisorLevel: 2 } },
      });

      // Back to CLERK: the level has to go too, and says so.
      const stale = await admin.request('PATCH', `/api/admin/users/${id}`, { roles: ['CLERK'] });
      expect(stale).toMatchObject({
        status: 422,
        body: { message: ['supervisorLevel: only a SUPERVISOR has a level (send null to clear it)'] },
      });
      const cleared = await admin.request('PATCH', `/api/admin/users/${id}`, {
        roles: ['CLERK'],
        supervisorLevel: null,
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body.supervisorLevel).toBeUndefined();

      const session = await anonymous.login(username('patch'), 'new-pass-456');
      expect((await session.get('/api/meta/territory')).status).toBe(200);
      const deactivated = await admin.request('PATCH', `/api/admin/users/${id}`, { active: false });
      expect(deactivated).toMatchObject({ status: 200, body: { active: false } });
      // The token issued before still exists, but the account behind it no longer works.
      expect(await session.get('/api/meta/territory')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
      expect(
        await anonymous.post('/api/auth/login', { username: username('patch'), password: 'new-pass-456' }),
      ).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHORIZED' },
      });
    });

    it('refuses bad changes: unknown fields, nulls, unknown ids, and an ADMIN locking themselves out', async () => {
      const id = DEMO_ACCOUNT_IDS.clerk1;
      const before = await dataSource.query('SELECT * FROM users WHERE id = $1', [id]);
      const bad = await admin.request('PATCH', `/api/admin/users/${id}`, {
        roles: null,
        password: 'x',
        username: 'renamed',
        unitIds: ['nope'],
      });
      expect(bad.status).toBe(400);
      for (const field of ['roles', 'password', 'username: unknown field', 'unitIds'])
        expect(messageOf(bad.body)).toContain(field);
      expect(await admin.request('PATCH', `/api/admin/users/${id}`, {})).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      expect(await admin.request('PATCH', `/api/admin/users/${id}`, { gridCode: 'JF-C99-G99' })).toMatchObject({
        status: 422,
        body: {
          message: [
            'gridCode: unknown grid "JF-C99-G99"',
            'gridCode: only a GRID_WORKER patrols a grid (send null to clear it)',
          ],
        },
      });
      expect(await dataSource.query('SELECT * FROM users WHERE id = $1', [id])).toEqual(before);

      expect(await admin.request('PATCH', `/api/admin/users/${randomUUID()}`, { displayName: '无此人' })).toMatchObject(
        {
          status: 404,
          body: { code: 'NOT_FOUND' },
        },
      );
      expect(await admin.request('PATCH', '/api/admin/users/not-a-uuid', { displayName: '无此人' })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
      expect(
        await admin.request('PATCH', `/api/admin/users/${DEMO_ACCOUNT_IDS.admin}`, { active: false }),
      ).toMatchObject({
        status: 422,
        body: { code: 'RULE_VIOLATION' },
      });
      expect(
        await admin.request('PATCH', `/api/admin/users/${DEMO_ACCOUNT_IDS.admin}`, { roles: ['CLERK'] }),
      ).toMatchObject({
        status: 422,
        body: { code: 'RULE_VIOLATION' },
      });
    });
  });

  describe('routing rules', () => {
    it("starts from DOMAIN.md's table, replaces the whole table, and puts it back", async () => {
      const original = await admin.get('/api/admin/routing-rules');
      expect(original).toMatchObject({ status: 200, body: { rules: DEFAULT_ROUTING_RULES } });
      // A row no other test's case can meet (the street grid itself): harmless to the shared run.
      const extra = {
        category: 'OTHER',
        gridLevel: 'STREET',
        severity: 'NORMAL',
        centerCode: 'WG',
        unitLevel: 'STREET',
        slaClass: 'SIMPLE',
      };
      try {
        const replaced = await admin.request('PUT', '/api/admin/routing-rules', {
          rules: [...original.body.rules, extra],
        });
        expect(replaced).toMatchObject({ status: 200, body: { rules: [...DEFAULT_ROUTING_RULES, extra] } });
        expect((await admin.get('/api/admin/routing-rules')).body.rules).toEqual([...DEFAULT_ROUTING_RULES, extra]);
      } finally {
        expect((await admin.request('PUT', '/api/admin/routing-rules', original.body)).status).toBe(200);
      }
      expect((await admin.get('/api/admin/routing-rules')).body).toEqual(original.body);
    });

    it('refuses a bad table with 422 listing every problem (400 when malformed), and keeps the old one', async () => {
      const before = (await admin.get('/api/admin/routing-rules')).body;
      const withoutOther = DEFAULT_ROUTING_RULES.filter((r) => r.category !== 'OTHER');
      const uncovered = await admin.request('PUT', '/api/admin/routing-rules', {
        rules: [
          ...withoutOther,
          { category: 'FAMILY', severity: 'MAJOR', centerCode: 'TJ', unitLevel: 'COMMUNITY', slaClass: 'GENERAL' },
        ],
      });
      expect(uncovered).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
      const message = messageOf(uncovered.body);
      expect(message).toContain('no row routes OTHER × grid level BASE × severity NORMAL');
      expect(message).toContain('severity MAJOR always goes to a street-level unit');
      // Each problem names its row by the body's path, as a bad field does, so a client can show it beside the row.
      expect(uncovered.body.message).toContain(
        'rules.11: row 12 (FAMILY × grid level * × severity MAJOR): severity MAJOR always goes to a street-level unit, not COMMUNITY',
      );
      expect(uncovered.body.message).toContain('rules: no row routes OTHER × grid level BASE × severity NORMAL');

      const malformed = await admin.request('PUT', '/api/admin/routing-rules', {
        rules: [
          {
            category: 'GOSSIP',
            gridLevel: 'PLANET',
            centerCode: 'TJ',
            unitLevel: 'STREET',
            slaClass: 'SIMPLE',
            note: 'x',
          },
        ],
        extra: 1,
      });
      expect(malformed.status).toBe(400);
      for (const field of [
        'rules.0.category',
        'rules.0.gridLevel',
        'rules.0.note: unknown field',
        'extra: unknown field',
      ]) {
        expect(messageOf(malformed.body)).toContain(field);
      }
      expect(await admin.request('PUT', '/api/admin/routing-rules', { rules: [] })).toMatchObject({ status: 400 });
      expect((await admin.get('/api/admin/routing-rules')).body).toEqual(before);
    });
  });

  describe('SLA policy', () => {
    it('reads the office policy and replaces it, then puts it back', async () => {
      const original = await admin.get('/api/admin/sla-policy');
      expect(original.status).toBe(200);
      expect(original.body.rules).toContainEqual({ stage: 'HANDLING', slaClass: 'GENERAL', workingDays: 15 });
      expect(original.body.rules).toContainEqual({
        stage: 'ACCEPTANCE',
        slaClass: 'SIMPLE',
        urgent: true,
        duration: 'PT2H',
      });
      // The same rules, with the auto-approval stated explicitly off: changes no deadline of the run.
      try {
        const replaced = await admin.request('PUT', '/api/admin/sla-policy', {
          ...original.body,
          autoApproveSimple: false,
        });
        expect(replaced).toMatchObject({ status: 200, body: { rules: original.body.rules, autoApproveSimple: false } });
        expect((await admin.get('/api/admin/sla-policy')).body).toEqual({ ...original.body, autoApproveSimple: false });
      } finally {
        expect((await admin.request('PUT', '/api/admin/sla-policy', original.body)).status).toBe(200);
      }
      expect((await admin.get('/api/admin/sla-policy')).body).toEqual(original.body);
    });

    it('refuses a bad policy with 422 listing every problem (400 when malformed), and keeps the old one', async () => {
      const before = (await admin.get('/api/admin/sla-policy')).body;
      const rules = (before.rules as { stage: string; slaClass: string }[]).filter(
        (r) => !(r.stage === 'FEEDBACK' && r.slaClass === 'MAJOR'),
      );
      const monthly = await admin.request('PUT', '/api/admin/sla-policy', {
        rules: [...before.rules, { stage: 'EVALUATION', slaClass: 'MAJOR', urgent: true, duration: 'P1M' }],
      });
      expect(monthly).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect(messageOf(monthly.body)).toContain('months and years have no fixed length');
      const bad = await admin.request('PUT', '/api/admin/sla-policy', {
        rules: [
          ...rules,
          { stage: 'EVALUATION', slaClass: 'MAJOR', urgent: true, duration: 'PT0S' },
          { stage: 'HANDLING', slaClass: 'SIMPLE', urgent: true },
        ],
        escalationSteps: { level2AfterMs: 10, level3AfterMs: 5 },
      });
      expect(bad).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
      const message = messageOf(bad.body);
      expect(message).toContain('missing rule for FEEDBACK × MAJOR');
      expect(message).toContain('duration PT0S is zero');
      expect(message).toContain('has neither workingDays nor duration');
      expect(message).toContain('escalationSteps');
      expect(bad.body.message).toContain(
        'rules.27: rule 28 (HANDLING × SIMPLE, urgent): has neither workingDays nor duration',
      );
      expect(bad.body.message).toContain('rules: missing rule for FEEDBACK × MAJOR');

      const malformed = await admin.request('PUT', '/api/admin/sla-policy', {
        rules: [{ stage: 'CLOSED', slaClass: 'TINY', workingDays: 0 }],
        autoApproveSimple: 'yes',
        version: 7,
      });
      expect(malformed.status).toBe(400);
      for (const field of [
        'rules.0.stage',
        'rules.0.slaClass',
        'rules.0.workingDays',
        'autoApproveSimple',
        'version: unknown field',
      ]) {
        expect(messageOf(malformed.body)).toContain(field);
      }
      expect((await admin.get('/api/admin/sla-policy')).body).toEqual(before);
    });
  });

  describe('holiday calendar', () => {
    afterAll(async () => {
      // No route removes a year; the one this file loaded goes the way it came.
      await dataSource.query('DELETE FROM calendar_years WHERE year = 2099');
    });

    it('reads a loaded year, loads a new one, answers 404 for one never loaded', async () => {
      const year2026 = await admin.get('/api/admin/calendar/2026');
      expect(year2026).toMatchObject({
        status: 200,
        body: { holidays: CHINA_CALENDAR_2026.holidays, workdays: CHINA_CALENDAR_2026.workdays },
      });
      // Written back as read: the same year, replaced by itself.
      expect(await admin.request('PUT', '/api/admin/calendar/2026', year2026.body)).toMatchObject({
        status: 200,
        body: year2026.body,
      });

      expect(await admin.get('/api/admin/calendar/2099')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      const loaded = await admin.request('PUT', '/api/admin/calendar/2099', {
        holidays: ['2099-10-02', '2099-10-01', '2099-10-01'],
        workdays: ['2099-10-10'],
      });
      expect(loaded).toMatchObject({
        status: 200,
        body: { holidays: ['2099-10-01', '2099-10-02'], workdays: ['2099-10-10'] },
      });
      expect(await admin.get('/api/admin/calendar/2099')).toMatchObject({ status: 200, body: loaded.body });
    });

    it("refuses bad years and bad dates with 400, and dates against the calendar's rules with 422, naming them", async () => {
      for (const year of ['1999', '2101', 'abc', '20260']) {
        const bad = await admin.get(`/api/admin/calendar/${year}`);
        expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
        expect(messageOf(bad.body)).toContain('year');
      }
      expect(await admin.request('PUT', '/api/admin/calendar/1999', { holidays: [], workdays: [] })).toMatchObject({
        status: 400,
      });

      const before = await dataSource.query('SELECT * FROM calendar_years WHERE year = 2026');
      for (const notADate of ['2026-02-30', 'soon']) {
        const malformedDate = await admin.request('PUT', '/api/admin/calendar/2026', {
          holidays: ['2026-10-01', notADate],
          workdays: [],
        });
        expect(malformedDate).toMatchObject({
          status: 400,
          body: { code: 'VALIDATION_FAILED', message: ['holidays: holidays must be dates, YYYY-MM-DD'] },
        });
      }
      const badDates = await admin.request('PUT', '/api/admin/calendar/2026', {
        holidays: ['2027-01-01'],
        workdays: ['2026-10-12'],
      });
      expect(badDates).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
      const message = messageOf(badDates.body);
      expect(message).toContain('holidays: 2027-01-01 is not in 2026');
      expect(message).toContain('workdays: 2026-10-12 is a weekday');
      const malformed = await admin.request('PUT', '/api/admin/calendar/2026', { holidays: [20260101], extra: [] });
      expect(malformed.status).toBe(400);
      for (const field of ['holidays', 'workdays', 'extra: unknown field'])
        expect(messageOf(malformed.body)).toContain(field);
      expect(await dataSource.query('SELECT * FROM calendar_years WHERE year = 2026')).toEqual(before);
    });
  });

  it('refuses every admin route to a CLERK (403) and without a token (401)', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      [
        'POST',
        '/api/admin/users',
        { username: username('nobody'), displayName: 'x', password: 'whatever-1', roles: ['ADMIN'] },
      ],
      ['PATCH', `/api/admin/users/${DEMO_ACCOUNT_IDS.clerk1}`, { roles: ['ADMIN'] }],
      ['GET', '/api/admin/routing-rules'],
      ['PUT', '/api/admin/routing-rules', { rules: DEFAULT_ROUTING_RULES }],
      ['GET', '/api/admin/sla-policy'],
      ['PUT', '/api/admin/sla-policy', { rules: [] }],
      ['GET', '/api/admin/calendar/2026'],
      ['PUT', '/api/admin/calendar/2026', { holidays: [], workdays: [] }],
    ];
    for (const [method, path, body] of routes) {
      const asClerk = await clerk.request(method, path, body);
      expect({ route: `${method} ${path}`, status: asClerk.status, code: asClerk.body?.code }).toEqual({
        route: `${method} ${path}`,
        status: 403,
        code: 'FORBIDDEN',
      });
      const asNobody = await anonymous.request(method, path, body);
      expect({ route: `${method} ${path}`, status: asNobody.status, code: asNobody.body?.code }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM users WHERE username = $1', [
      username('nobody'),
    ]);
    expect(n).toBe(0);
    expect((await admin.get('/api/admin/calendar/2026')).body.holidays).toEqual(CHINA_CALENDAR_2026.holidays);
  });

  it('serves the territory from the database to any signed-in staff member', async () => {
    expect(await anonymous.get('/api/meta/territory')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    const grid = await anonymous.login('grid1');
    for (const client of [clerk, grid, admin]) {
      const territory = await client.get('/api/meta/territory');
      expect(territory.status).toBe(200);
      expect(territory.body.streetCode).toBe('JF');
      expect(territory.body.grids).toHaveLength(146);
      expect(territory.body.communities).toHaveLength(17);
      expect(territory.body.centers.map((c: { code: string }) => c.code).sort()).toEqual(['TJ', 'WG', 'XF', 'ZZ']);
      expect(territory.body.communities).toContainEqual({ code: 'JF-C01', name: '新村社区', gridCode: 'JF-C01' });
      expect(territory.body.grids).toContainEqual({
        code: 'JF-C01-G01',
        name: '新村社区第1网格',
        level: 'BASE',
        parentCode: 'JF-C01',
        communityCode: 'JF-C01',
      });
      expect(territory.body.grids[0]).toMatchObject({
        code: 'JF',
        level: 'STREET',
        parentCode: null,
        communityCode: null,
      });
      expect(territory.body.units).toContainEqual({
        id: DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
        code: 'JF-C01-TWH',
        name: '新村社区人民调解委员会',
        centerCode: 'TJ',
        level: 'COMMUNITY',
        communityCode: 'JF-C01',
        isMain: false,
      });
      expect(territory.body.units).toContainEqual(
        expect.objectContaining({ id: DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE, level: 'STREET', isMain: true }),
      );
    }
  });

  it('documents every route with its DTOs and error codes in OpenAPI', async () => {
    const docs = await anonymous.get('/docs-json');
    expect(docs.status).toBe(200);
    const paths = docs.body.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown>; tags?: string[] }>
    >;
    const expected: [string, string, string[]][] = [
      ['/api/admin/users', 'get', ['200', '400', '401', '403', '422']],
      ['/api/admin/users', 'post', ['201', '400', '401', '403', '409', '413', '422']],
      ['/api/admin/users/{id}', 'patch', ['200', '400', '401', '403', '404', '422']],
      ['/api/admin/routing-rules', 'get', ['200', '401', '403']],
      ['/api/admin/routing-rules', 'put', ['200', '400', '401', '403', '413', '422']],
      ['/api/admin/sla-policy', 'get', ['200', '401', '403']],
      ['/api/admin/sla-policy', 'put', ['200', '400', '401', '403', '413', '422']],
      ['/api/admin/calendar/{year}', 'get', ['200', '400', '401', '403', '404']],
      ['/api/admin/calendar/{year}', 'put', ['200', '400', '401', '403', '413', '422']],
      ['/api/meta/territory', 'get', ['200', '401']],
    ];
    for (const [path, method, statuses] of expected) {
      expect({ path, method, statuses: Object.keys(paths[path]?.[method]?.responses ?? {}).sort() }).toEqual({
        path,
        method,
        statuses: expect.arrayContaining(statuses),
      });
    }
    expect(Object.keys(docs.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'CreateUserDto',
        'UpdateUserDto',
        'UserDto',
        'UserListDto',
        'RoutingRulesDto',
        'RoutingRuleDto',
        'SlaPolicyDto',
        'SlaRuleDto',
        'CalendarYearDto',
        'TerritoryDto',
        'GridDto',
        'UnitDto',
      ]),
    );
  });
});
