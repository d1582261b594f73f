import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHINA_CALENDAR_2026, WorkingCalendar } from '@app/domain/calendar/working-calendar';
import { computeStageDeadline, DEFAULT_SLA_POLICY } from '@app/domain/sla/sla-policy';
import { freePort } from '@app/stack';
import { GatewayClient, sampleReport } from '../support/http';
import { DIST_SCRIPTS, interrupt, runScript, startStack, type RunningStack } from '../support/npm-scripts';
import { waitFor } from '../support/wait-for';

/** A small office that is not the demo: street HX, two communities, four centers with their units. */
const TERRITORY_CSV = [
  'kind,code,name,level,parentCode,communityCode,gridCode,centerCode,isMain,id',
  'center,ZZ,社会治安综治中心,,,,,,,',
  'center,WG,网格化监督指挥中心,,,,,,,',
  'center,XF,信访接待中心,,,,,,,',
  'center,TJ,矛盾纠纷调处中心,,,,,,,',
  'grid,HX,和心街道（测试）,STREET,,,,,,',
  'grid,HX-C01,东园社区网格,COMMUNITY,HX,HX-C01,,,,',
  'grid,HX-C02,西园社区网格,COMMUNITY,HX,HX-C02,,,,',
  'grid,HX-C01-G01,东园社区第1网格,BASE,HX-C01,,,,,',
  'grid,HX-C01-G02,东园社区第2网格,BASE,HX-C01,,,,,',
  'grid,HX-C02-G01,西园社区第1网格,BASE,HX-C02,,,,,',
  'community,HX-C01,东园社区,,,,HX-C01,,,',
  'community,HX-C02,西园社区,,,,HX-C02,,,',
  'unit,HX-TJ-TWH,和心街道人民调解委员会,STREET,,,,TJ,true,',
  'unit,HX-ZZ-ZZB,和心街道综治办,STREET,,,,ZZ,true,',
  'unit,HX-XF-XFB,和心街道信访办,STREET,,,,XF,true,',
  'unit,HX-WG-DD,和心街道网格指挥调度,STREET,,,,WG,true,',
  'unit,HX-C01-TWH,东园社区人民调解委员会,COMMUNITY,,HX-C01,,TJ,,',
  'unit,HX-C02-TWH,西园社区人民调解委员会,COMMUNITY,,HX-C02,,TJ,,',
].join('\n');

const ADMIN_PASSWORD = 'first-admin-pass-2026';

/**
 * A fresh install as an operator makes it (docs/operations.md, "First install"): demo data off,
 * `npm run migrate`, `npm run admin:create`, `npm run territory:import`, `npm start`; the first
 * ADMIN signs in, creates a clerk, and the clerk's first report in an imported grid gets its
 * deadline from the reference data the migrations loaded. The maintenance commands find the
 * stack by themselves, running or not. Every command is the built script `npm run` runs.
 */
describe('first install: demo data off, first admin, territory file, a deadline on day one', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let running: RunningStack | undefined;
  let caseId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST_SCRIPTS, 'admin-create.js')))
      throw new Error('dist/scripts missing: run `npm run build` first (npm test does)');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-first-install-'));
    fs.chmodSync(dataDir, 0o755);
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
    env = {
      ...rest,
      NODE_ENV: 'development',
      SEED_DEMO: 'false',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    if (running) await interrupt(running);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('migrate, with nothing running, starts the embedded PostgreSQL of DATA_DIR, creates the schema and the reference data', async () => {
    const migrate = await runScript('migrate', [], env);
    expect(migrate.output).toContain(`starting the embedded PostgreSQL of ${path.join(dataDir, 'postgres')}`);
    expect(migrate.stdout).toMatch(/migrations applied: .*ReferenceData1796138636654/);
    expect(migrate.code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    // Nothing is left running: the port is free for npm start.
    const again = await runScript('migrate', [], env);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('schema up to date');

    const check = await runScript('check-consistency', [], env);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/the stack is not running .*start it with npm start/);
    expect(check.stderr).not.toMatch(/DATABASE_URL and TEMPORAL_ADDRESS must be set/);
  });

  it('admin:create refuses a password on the command line, a short one, and a taken username; takes a file or stdin', async () => {
    const onCommandLine = await runScript('admin-create', ['--username', 'chief', '--password', ADMIN_PASSWORD], env);
    expect(onCommandLine.code).toBe(64);
    expect(onCommandLine.stderr).toMatch(/never taken from the command line/);

    const short = await runScript('admin-create', ['--username', 'chief'], env, 'short-pass\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/too short: at least 12 characters \(got 10\); no account was created/);

    const passwordFile = path.join(dataDir, 'admin-password.txt');
    fs.writeFileSync(passwordFile, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });
    const created = await runScript(
      'admin-create',
      ['--username', 'chief', '--display-name', '系统管理员', '--password-file', passwordFile],
      env,
    );
    expect(created.stdout).toMatch(/ADMIN "chief" created/);
    expect(created.code).toBe(0);
    expect(created.output).not.toContain(ADMIN_PASSWORD);

    const taken = await runScript('admin-create', ['--username', 'chief'], env, `${ADMIN_PASSWORD}-other\n`);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(
      /the username "chief" is already taken: choose another; no account was created or changed/,
    );
  });

  it('territory:import refuses a bad file whole, naming line and field, then imports a good one once', async () => {
    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(
      bad,
      `${TERRITORY_CSV}\ngrid,HX-C03-G01,无主网格,BASE,HX-C03,,,,,\nunit,HX-C09-TWH,调委会,COMMUNITY,,HX-C09,,TJ,,\n`,
    );
    const refused = await runScript('territory-import', [bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was written');
    expect(refused.stderr).toContain('line 20, parentCode: unknown grid "HX-C03"');
    expect(refused.stderr).toContain('line 21, communityCode: unknown community "HX-C09"');

    const good = path.join(dataDir, 'territory.csv');
    fs.writeFileSync(good, TERRITORY_CSV);
    const first = await runScript('territory-import', [good], env);
    expect(first.stdout).toContain(
      'Created 4 centers, 2 communities, 6 grids, 6 units; updated 0 centers, 0 communities, 0 grids, 0 units; 0 unchanged.',
    );
    expect(first.code).toBe(0);
    const second = await runScript('territory-import', [good], env);
    expect(second.stdout).toContain(
      'Created 0 centers, 0 communities, 0 grids, 0 units; updated 0 centers, 0 communities, 0 grids, 0 units; 18 unchanged.',
    );
    expect(second.code).toBe(0);
  });

  it('the first admin signs in, keeps the territory, creates a clerk; the clerk registers a case with its deadline', async () => {
    running = await startStack(env);
    expect(running.output()).not.toMatch(/demo data:/);
    const gateway = new GatewayClient(`http://127.0.0.1:${env.PORT}`);
    await expect(gateway.login('admin')).rejects.toThrow(/login admin: 401/); // no demo accounts
    const admin = await gateway.login('chief', ADMIN_PASSWORD);

    const territory = await admin.get('/api/admin/territory');
    expect(territory.status).toBe(200);
    expect(territory.body.streetCode).toBe('HX');
    expect(territory.body.grids.map((g: { code: string }) => g.code)).toEqual([
      'HX',
      'HX-C01',
      'HX-C02',
      'HX-C01-G01',
      'HX-C01-G02',
      'HX-C02-G01',
    ]);
    // The reference data came with the migrations, not with demo data.
    const policy = await admin.get('/api/admin/sla-policy');
    expect(policy.status).toBe(200);
    const calendar = await admin.get('/api/admin/calendar/2026');
    expect(calendar.status).toBe(200);
    expect(calendar.body.holidays).toContain('2026-10-01');
    expect(calendar.body.workdays).toContain('2026-10-10');
    const rules = await admin.get('/api/admin/routing-rules');
    expect(rules.body.rules.length).toBeGreaterThan(0);

    // The territory between imports: a new base grid, moved to the other community, then closed.
    const grid = await admin.post('/api/admin/territory/grids', {
      code: 'HX-C01-G03',
      name: '东园社区第3网格',
      parentCode: 'HX-C01',
    });
    expect(grid).toMatchObject({
      status: 201,
      body: { code: 'HX-C01-G03', level: 'BASE', communityCode: 'HX-C01', active: true },
    });
    const moved = await admin.request('PATCH', '/api/admin/territory/grids/HX-C01-G03', {
      parentCode: 'HX-C02',
      name: '西园社区第2网格',
    });
    expect(moved).toMatchObject({
      status: 200,
      body: { parentCode: 'HX-C02', communityCode: 'HX-C02', name: '西园社区第2网格' },
    });
    const closed = await admin.request('PATCH', '/api/admin/territory/grids/HX-C01-G03', { active: false });
    expect(closed).toMatchObject({ status: 200, body: { active: false } });
    // A community comes with its community grid; a new street unit can take over as main unit.
    expect(await admin.post('/api/admin/territory/communities', { code: 'HX-C03', name: '南园社区' })).toMatchObject({
      status: 201,
      body: { code: 'HX-C03', gridCode: 'HX-C03', active: true },
    });
    const office = await admin.post('/api/admin/territory/units', {
      code: 'HX-TJ-SFS',
      name: '和心街道司法所',
      centerCode: 'TJ',
      level: 'STREET',
      isMain: true,
    });
    expect(office).toMatchObject({ status: 201, body: { isMain: true, active: true } });
    const after = (await admin.get('/api/admin/territory')).body;
    expect(after.grids.find((g: { code: string }) => g.code === 'HX-C03')).toMatchObject({
      level: 'COMMUNITY',
      parentCode: 'HX',
      communityCode: 'HX-C03',
    });
    expect(after.units.find((u: { code: string }) => u.code === 'HX-TJ-TWH')).toMatchObject({ isMain: false });
    // Refusals that keep the routing whole and the history readable.
    const refusals = await Promise.all([
      admin.request('PATCH', `/api/admin/territory/units/${office.body.id}`, { active: false }),
      admin.request('PATCH', '/api/admin/territory/communities/HX-C01', { active: false }),
      admin.request('PATCH', '/api/admin/territory/grids/HX', { active: false }),
      admin.post('/api/admin/territory/grids', { code: 'HX-G99', name: '街道下的网格', parentCode: 'HX' }),
      admin.request('PATCH', '/api/admin/territory/centers/TJ', { active: false }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
    expect(refusals.map((r) => [r.body.message].flat().join(' '))).toEqual([
      expect.stringContaining('is the main unit of center TJ'),
      expect.stringMatching(/still has active grids \(HX-C01-G01, HX-C01-G02\).*still has active units \(HX-C01-TWH\)/),
      expect.stringContaining('is the street grid'),
      expect.stringContaining('HX is a STREET grid'),
      expect.stringContaining('still has active units'),
    ]);
    expect(
      await admin.post('/api/admin/territory/grids', { code: 'HX-C01-G01', name: '重复', parentCode: 'HX-C01' }),
    ).toMatchObject({ status: 409 });
    expect(
      await admin.post('/api/admin/territory/grids', { code: 'bad code', name: '', parentCode: 'HX-C01' }),
    ).toMatchObject({ status: 400 });
    expect(await admin.request('PATCH', '/api/admin/territory/grids/HX-C01-G01', {})).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect(await admin.request('PATCH', '/api/admin/territory/grids/HX-NOPE', { name: '无' })).toMatchObject({
      status: 404,
    });

    const clerkPassword = 'clerk-first-day-2026';
    const clerkAccount = await admin.post('/api/admin/users', {
      username: 'clerk-hx',
      displayName: '受理员',
      password: clerkPassword,
      roles: ['CLERK'],
      centerCode: 'ZZ',
    });
    expect(clerkAccount.status).toBe(201);
    const clerk = await gateway.login('clerk-hx', clerkPassword);

    const inClosedGrid = await clerk.post(
      '/api/disputes',
      sampleReport({ gridCode: 'HX-C01-G03', address: '西园 1 号' }),
    );
    expect(inClosedGrid).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
    expect(JSON.stringify(inClosedGrid.body.message)).toContain('deactivated');
    const inDemoGrid = await clerk.post('/api/disputes', sampleReport());
    expect(inDemoGrid).toMatchObject({ status: 422 }); // JF-C01-G01 is the demo's, not loaded here

    const registered = await clerk.post(
      '/api/disputes',
      sampleReport({ gridCode: 'HX-C01-G02', address: '东园 3 幢', acceptNow: true }),
    );
    expect(registered.status).toBe(201);
    caseId = registered.body.id;
    expect(registered.body).toMatchObject({ stage: 'ACCEPTANCE', gridCode: 'HX-C01-G02' });
    expect(registered.body.caseNo).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    const withDeadline = await waitFor('the acceptance deadline', async () => {
      const found = await clerk.get(`/api/disputes/${caseId}`);
      return found.body.stageDeadline ? found.body : undefined;
    });
    // The office calendar of 2026 as the State Council published it, the default policy; a
    // deadline reaching into 2027 (not published yet) counts Monday to Friday, as the engine says.
    const expected = computeStageDeadline({
      stage: 'ACCEPTANCE',
      slaClass: withDeadline.slaClass,
      urgent: false,
      start: new Date(withDeadline.stageEnteredAt),
      policy: DEFAULT_SLA_POLICY,
      calendar: new WorkingCalendar([CHINA_CALENDAR_2026]),
    });
    expect(new Date(withDeadline.stageDeadline).toISOString()).toBe(expected.toISOString());
    const gaps = await admin.get('/api/admin/calendar-gaps');
    const years = gaps.body.items.map((g: { year: number }) => g.year);
    expect(years).not.toContain(2026);

    // Routing on the imported territory: the community's committee; once that unit is
    // deactivated, the center's main street unit; a grid deactivated since still gets its answer.
    const units = (await admin.get('/api/admin/territory')).body.units as { id: string; code: string }[];
    const unitId = (code: string) => units.find((u) => u.code === code)!.id;
    const suggestion = await clerk.get(`/api/disputes/${caseId}/routing-suggestion`);
    expect(suggestion).toMatchObject({ status: 200, body: { centerCode: 'TJ', unitId: unitId('HX-C01-TWH') } });
    expect(
      await admin.request('PATCH', `/api/admin/territory/units/${unitId('HX-C01-TWH')}`, { active: false }),
    ).toMatchObject({ status: 200 });
    expect(await admin.request('PATCH', '/api/admin/territory/grids/HX-C01-G02', { active: false })).toMatchObject({
      status: 200,
    });
    const fallback = await clerk.get(`/api/disputes/${caseId}/routing-suggestion`);
    expect(fallback).toMatchObject({ status: 200, body: { centerCode: 'TJ', unitId: unitId('HX-TJ-SFS') } });
    const toInactive = await clerk.post(`/api/disputes/${caseId}/route`, {
      centerCode: 'TJ',
      unitId: unitId('HX-C01-TWH'),
      severity: 'NORMAL',
    });
    expect(toInactive).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
  });

  it('migrate, check:consistency and projections:rebuild find the running stack by themselves', async () => {
    const migrate = await runScript('migrate', [], env);
    expect(migrate.stdout).toContain(`PostgreSQL: the running stack's embedded server on port ${env.EMBEDDED_PG_PORT}`);
    expect(migrate.stdout).toContain('schema up to date');
    expect(migrate.code).toBe(0);

    const check = await runScript('check-consistency', [], env);
    expect(check.stdout).toContain(`Temporal: the running stack's dev server on port ${env.TEMPORAL_DEV_PORT}`);
    expect(check.stdout).toContain('1 open cases checked, 0 drifted');
    expect(check.code).toBe(0);

    const rebuild = await runScript('projections-rebuild', [], env);
    expect(rebuild.stdout).toMatch(/rebuilt 1 cases from \d+ events/);
    expect(rebuild.code).toBe(0);

    expect(await interrupt(running!)).toBe(0);
    running = undefined;
    // Stopped: the database commands start the embedded PostgreSQL for themselves, again.
    const offline = await runScript('projections-rebuild', [], env);
    expect(offline.stdout).toContain('the stack is not running: starting the embedded PostgreSQL');
    expect(offline.stdout).toMatch(/rebuilt 1 cases from \d+ events/);
    expect(offline.code).toBe(0);
  });
});
