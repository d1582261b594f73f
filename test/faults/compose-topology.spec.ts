import { ChildProcess, spawn, spawnSync } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { caseStateQuery } from '@app/contracts';
import { DEFAULT_SLA_POLICY } from '@app/domain/sla/sla-policy';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createDataSource, seedDemoData } from '@app/persistence';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { Connection } from '@temporalio/client';
import { CASE_SEARCH_ATTRIBUTES } from '@app/contracts/search-attributes';
import { findTemporalCli, freePort, stopChild, waitUntil } from '@app/stack';
import { requireComposeTools, type ComposeTools } from '../../scripts/compose-tools';
import {
  findTemporalServerTools,
  startTemporalOnPostgres,
  TEMPORAL_SERVER_VERSION,
  type RunningTemporalServer,
  type TemporalServerTools,
} from '../../scripts/temporal-postgres';
import {
  CHAIN,
  driveChain,
  historyProblems,
  inPool,
  workflowProblems,
  type ChainProgress,
  type PlannedCase,
} from '../support/chain-load';
import { DASHBOARD_FILE, dashboardMetricNames } from '../support/dashboard-metrics';
import { drillPolicy } from '../support/drill-policy';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  NodeProcess,
  requireBuiltApps,
  type AppEnv,
  type AppProcess,
  type ClientSide,
} from '../support/fault-stack';
import { GatewayClient, sampleReport } from '../support/http';
import { SseClient } from '../support/sse';
import { TEST_DEMO_PASSWORD } from '../support/test-infrastructure';
import { waitFor } from '../support/wait-for';

/**
 * The production topology of docker/compose.yaml, rehearsed as processes (no Docker here): one
 * PostgreSQL prepared by the stack's own init script (psql) and schema job script (with the
 * temporal-sql-tool of the same release), migrated by dist/scripts/migrate.js as the owner role;
 * the real Temporal server on PostgreSQL as the role `temporal`; two workers and two gateways as
 * the least-privilege role `mediation_app`; the stack's Caddyfile in front of both gateways.
 */
const ROOT = path.resolve(__dirname, '../..');
const DOCKER = path.join(ROOT, 'docker');
const WORKER_CASES = 80;
/** Worker 1 SIGKILLs itself after this many of its own TaskClaimed appends (it takes about half of the ~70 claims). */
const KILL_AFTER_CLAIMS = 12;
const KILLED_LINE = /fault: killed after appending (\w+) seq (\d+) of case ([0-9a-f-]{36})/;
const INTAKES = 60;
const INTAKE_CONCURRENCY = 6;
const KILL_GATEWAY_AFTER_ANSWERS = 20;
/** A namespace the drill has the temporal-namespace job create. */
const NAMESPACE_JOB_CHECK = 'compose-namespace-job';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`fault: the compose topology as processes — Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL, two workers, two gateways, Caddy`, () => {
  const fleet = new AppFleet();
  const passwords = {
    OWNER_DB_PASSWORD: `owner-${randomBytes(9).toString('hex')}`,
    APP_DB_PASSWORD: `app-${randomBytes(9).toString('hex')}`,
    TEMPORAL_DB_PASSWORD: `temporal-${randomBytes(9).toString('hex')}`,
  };
  let tools: ComposeTools;
  let serverTools: TemporalServerTools;
  let dir: string;
  let pg: NodeProcess | undefined;
  let pgPort: number;
  let temporal: RunningTemporalServer | undefined;
  let caddy: ChildProcess | undefined;
  let owner: DataSource | undefined;
  let side: ClientSide | undefined;
  let env: AppEnv;
  const workers: { process: AppProcess; metricsUrl: string }[] = [];
  let gatewayA: AppProcess;
  let urlA: string;
  let urlB: string;
  let proxyUrl: string;
  const streams: SseClient[] = [];
  const setupLog: string[] = [];
  const namespaceJobOutput: Record<string, string> = {};

  const url = (user: string, password: string, database: string) =>
    `postgres://${user}:${password}@127.0.0.1:${pgPort}/${database}`;
  const appUrl = () => url('mediation_app', passwords.APP_DB_PASSWORD, 'mediation');
  const ownerUrl = () => url('mediation', passwords.OWNER_DB_PASSWORD, 'mediation');

  const run = (what: string, command: string, args: string[], runEnv: NodeJS.ProcessEnv) => {
    const started = Date.now();
    const result = spawnSync(command, args, { env: runEnv, encoding: 'utf8' });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    setupLog.push(`${what}: exit ${result.status} in ${Date.now() - started} ms`);
    if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}):\n${output}`);
    return output;
  };

  beforeAll(async () => {
    requireBuiltApps();
    tools = requireComposeTools();
    const found = findTemporalServerTools();
    if (!found)
      throw new Error(
        `temporal-server ${TEMPORAL_SERVER_VERSION} is not in the tool cache: run \`npm run setup\` (it builds it with go install)`,
      );
    serverTools = found;
    dir = makeTempDir('compose');

    // PostgreSQL as the postgres image starts it: a cluster with its superuser, no engine database yet.
    pgPort = await freePort();
    pg = new NodeProcess(
      'postgres',
      path.join(ROOT, 'test/support/postgres-process.js'),
      [path.join(dir, 'postgres'), String(pgPort), path.join(dir, 'postgres.log')],
      process.env,
    );
    const superUrl = new URL((await pg.printed(/^READY (\S+)$/m, 120_000))[1]);
    superUrl.pathname = '/postgres';
    const superuser = new Client({ connectionString: superUrl.toString() });
    await superuser.connect();
    await superuser.query('DROP DATABASE mediation').finally(() => superuser.end());

    // The init script (docker-entrypoint-initdb.d), by psql as the superuser, with the passwords in the environment.
    run(
      'postgres-init/01-roles.sql',
      tools.psql,
      [
        '-v',
        'ON_ERROR_STOP=1',
        '--no-psqlrc',
        '-q',
        '-f',
        path.join(DOCKER, 'postgres-init', '01-roles.sql'),
        superUrl.toString(),
      ],
      {
        PATH: process.env.PATH,
        ...passwords,
      },
    );
    // The temporal-schema job, twice (it runs on every `up`).
    for (const round of [1, 2]) {
      run(
        `temporal/scripts/setup-schema.sh (run ${round})`,
        'sh',
        [path.join(DOCKER, 'temporal', 'scripts', 'setup-schema.sh')],
        {
          PATH: `${path.dirname(serverTools.sqlTool)}${path.delimiter}${process.env.PATH}`,
          POSTGRES_SEEDS: '127.0.0.1',
          DB_PORT: String(pgPort),
          POSTGRES_USER: 'temporal',
          POSTGRES_PWD: passwords.TEMPORAL_DB_PASSWORD,
          TEMPORAL_SCHEMA_DIR: path.join(serverTools.moduleDir, 'schema', 'postgresql', 'v12'),
        },
      );
    }
    // The migrate job: dist/scripts/migrate.js as the owner, which grants mediation_app its rights.
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...inherited } = process.env;
    const migrated = run('migrate (owner role)', process.execPath, [path.join(ROOT, 'dist/scripts/migrate.js')], {
      ...inherited,
      NODE_ENV: 'test',
      DATABASE_URL: ownerUrl(),
    });
    expect(migrated).toContain('granted mediation_app its rights');
    // Accounts and territory (the demo's, for the drill's logins), entered as the owner.
    owner = createDataSource(ownerUrl(), 2);
    await owner.initialize();
    await seedDemoData(owner, TEST_DEMO_PASSWORD);

    // The Temporal server on PostgreSQL, as the role temporal (the schema is there: only update-schema runs).
    temporal = await startTemporalOnPostgres({
      postgresUrl: url('temporal', passwords.TEMPORAL_DB_PASSWORD, 'postgres'),
      workDir: path.join(dir, 'temporal'),
      metricsPort: await freePort(),
      log: (line) => setupLog.push(line),
    });

    // The temporal-namespace job: on the namespace the server has (nothing to do) and on a new one
    // (registered, its case search attributes added and queryable), with the set-up's temporal CLI.
    const cli = findTemporalCli();
    if (!cli) throw new Error('no temporal CLI: run `npm run setup`');
    for (const namespace of ['default', NAMESPACE_JOB_CHECK]) {
      namespaceJobOutput[namespace] = run(
        `temporal/scripts/create-namespace.sh (${namespace})`,
        'sh',
        [path.join(DOCKER, 'temporal', 'scripts', 'create-namespace.sh')],
        {
          PATH: `${path.dirname(cli.path)}${path.delimiter}${process.env.PATH}`,
          HOME: dir,
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: namespace,
          TEMPORAL_RETENTION: '24h',
        },
      );
    }

    env = { databaseUrl: appUrl(), temporalAddress: temporal.address, taskQueue: `compose-${randomUUID()}` };
    for (const n of [1, 2]) {
      const port = await freePort();
      const extra: NodeJS.ProcessEnv = { WORKER_METRICS_BIND: `127.0.0.1:${port}` };
      if (n === 1) extra.FAULT_KILL_AFTER_APPEND = `TaskClaimed:${KILL_AFTER_CLAIMS}`;
      workers.push({
        process: await fleet.start('worker', env, extra),
        metricsUrl: `http://127.0.0.1:${port}/metrics`,
      });
    }
    const portA = await freePort();
    const portB = await freePort();
    // LOG_LEVEL log: the gateway says it listens at that level.
    gatewayA = await fleet.start('gateway', { ...env, port: portA }, { LOG_LEVEL: 'log' });
    await fleet.start('gateway', { ...env, port: portB }, { LOG_LEVEL: 'log' });
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;

    // The stack's Caddyfile, with the two gateways as upstreams.
    const proxyPort = await freePort();
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const caddyLog = fs.openSync(path.join(dir, 'caddy.log'), 'a');
    caddy = spawn(tools.caddy, ['run', '--config', path.join(DOCKER, 'caddy', 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
        SITE_ADDRESS: `:${proxyPort}`,
        GATEWAY_UPSTREAMS: `127.0.0.1:${portA} 127.0.0.1:${portB}`,
      },
      stdio: ['ignore', caddyLog, caddyLog],
    });
    fs.closeSync(caddyLog);
    await waitUntil(
      'the proxy to answer /health',
      async () => {
        const response = await fetch(`${proxyUrl}/health`);
        if (response.status !== 200) throw new Error(`proxy /health ${response.status}`);
      },
      60_000,
      250,
    );

    side = await connectClientSide(temporal.address, appUrl(), env.taskQueue);
    console.log(`[compose topology] set-up:\n  ${setupLog.join('\n  ')}`);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    if (caddy) await stopChild(caddy, 10_000);
    await fleet.stopAll();
    await side?.close();
    await owner?.destroy();
    await temporal?.stop();
    await pg?.stop(30_000);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('the engine runs as mediation_app, which may not UPDATE or DELETE events; the role temporal may not enter the engine database', async () => {
    const app = new Client({ connectionString: appUrl() });
    await app.connect();
    try {
      expect((await app.query('SELECT current_user AS who')).rows).toEqual([{ who: 'mediation_app' }]);
      for (const sql of [
        `UPDATE case_events SET type = 'X' WHERE false`,
        'DELETE FROM case_events WHERE false',
        'TRUNCATE case_events',
      ]) {
        await expect(app.query(sql)).rejects.toThrow(/permission denied for table case_events/);
      }
    } finally {
      await app.end();
    }
    const intruder = new Client({ connectionString: url('temporal', passwords.TEMPORAL_DB_PASSWORD, 'mediation') });
    await expect(intruder.connect()).rejects.toThrow(/permission denied for database "?mediation"?/);
    await intruder.end().catch(() => undefined);
  });

  it('the temporal-namespace job registered a new namespace with every case search attribute, and left the existing one as it was', async () => {
    expect(namespaceJobOutput.default).toContain('temporal-namespace: default exists');
    expect(namespaceJobOutput.default).not.toMatch(/ added/);
    expect(namespaceJobOutput[NAMESPACE_JOB_CHECK]).toContain(
      `temporal-namespace: ${NAMESPACE_JOB_CHECK} created (retention 24h)`,
    );
    expect(namespaceJobOutput[NAMESPACE_JOB_CHECK]).toContain('temporal-namespace: ready');
    const connection = await Connection.connect({ address: temporal!.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: NAMESPACE_JOB_CHECK,
      });
      expect(Object.keys(customAttributes ?? {})).toEqual(
        expect.arrayContaining(CASE_SEARCH_ATTRIBUTES.map((key) => key.name)),
      );
      const described = await connection.workflowService.describeNamespace({ namespace: NAMESPACE_JOB_CHECK });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(24 * 3600);
    } finally {
      await connection.close();
    }
  });

  it('serves the desks and the API through the proxy, and keeps /metrics to the internal network', async () => {
    const desks = await fetch(`${proxyUrl}/`);
    expect(desks.status).toBe(200);
    expect(desks.headers.get('content-type')).toMatch(/text\/html/);
    expect(await desks.text()).toContain('<div id="app"');
    expect((await fetch(`${proxyUrl}/api/disputes`)).status).toBe(401);
    expect((await fetch(`${proxyUrl}/metrics`)).status).toBe(404);
    const direct = await fetch(`${urlA}/metrics`);
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('cases_overdue');
  });

  it('a case registered through gateway A raises alerts that a supervisor connected to gateway B receives (and one connected through the proxy)', async () => {
    // A drill policy in seconds as the office's default, for this case only: routed at once, its ROUTING clock runs out in 4 s.
    const settings = new SlaSettingsRepository(owner!);
    await settings.savePolicy('default', drillPolicy({ ROUTING: 'PT4S' }), 'compose drill');
    const clerkA = await new GatewayClient(urlA).login('clerk1');
    const supervisorB = await new GatewayClient(urlB).login('supervisor2');
    const onB = new SseClient(`${urlB}/api/alerts/stream`, supervisorB.token);
    const viaProxy = new SseClient(`${proxyUrl}/api/alerts/stream`, supervisorB.token);
    streams.push(onB, viaProxy);
    expect(await onB.open()).toBe(200);
    expect(await viaProxy.open()).toBe(200);

    const created = await clerkA.post(
      '/api/disputes',
      sampleReport({ acceptNow: true, summary: 'compose drill alert' }),
    );
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    const routed = await clerkA.post(`/api/disputes/${caseId}/route`, {
      centerCode: 'TJ',
      unitId: DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    expect(routed.body.stage).toBe('ROUTING');
    await settings.savePolicy('default', DEFAULT_SLA_POLICY, 'compose drill');

    const alertsOn = (stream: SseClient) =>
      stream.events
        .filter((e) => e.event === 'alert' && e.data.caseId === caseId)
        .map((e) => `${e.data.kind} ${e.data.level}`);
    // The ladder a level-2 supervisor sees: the warning, escalations 1 and 2 (level 3 is above them).
    const wanted = ['WARNING 0', 'ESCALATION 1', 'ESCALATION 2'];
    await waitFor(
      'the warning and the level-1 and level-2 escalations on gateway B and through the proxy',
      async () => {
        return wanted.every((a) => alertsOn(onB).includes(a) && alertsOn(viaProxy).includes(a)) ? true : undefined;
      },
      90_000,
      200,
    ).catch(async (error: Error) => {
      const stored = await owner!.query('SELECT kind, level FROM alerts WHERE case_id = $1', [caseId]);
      throw new Error(
        `${error.message}: on B ${JSON.stringify(alertsOn(onB))}, via the proxy ${JSON.stringify(alertsOn(viaProxy))}, stored ${JSON.stringify(stored)}`,
      );
    });
    // Settle: a doubled alert would arrive right behind the first copy.
    await sleep(2000);
    console.log(
      `[compose topology] case ${caseId} via gateway A: alerts on gateway B ${JSON.stringify(alertsOn(onB))}, through the proxy ${JSON.stringify(alertsOn(viaProxy))}`,
    );
    // Each once: the streams' copies are exactly the stored alerts, none doubled.
    const storedNow: { id: string }[] = await owner!.query('SELECT id FROM alerts WHERE case_id = $1 AND level <= 2', [
      caseId,
    ]);
    const ids = (stream: SseClient) =>
      stream.events
        .filter((e) => e.event === 'alert' && e.data.caseId === caseId)
        .map((e) => e.data.id as string)
        .sort();
    expect(ids(onB)).toEqual(storedNow.map((r) => r.id).sort());
    expect(ids(viaProxy)).toEqual(storedNow.map((r) => r.id).sort());
    // Past its deadline: the gateways' gauge of overdue cases (the dashboard's panel) counts it.
    const metrics = await (await fetch(`${urlB}/metrics`)).text();
    expect(Number(/^cases_overdue\{stage="ROUTING"\} (\d+)$/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  });

  it(`worker 1 SIGKILLed while ${WORKER_CASES} cases are mid-chain: worker 2 carries every case on, no event lost or doubled`, async () => {
    const [first, second] = workers;
    const planned: PlannedCase[] = [];
    await inPool(
      Array.from({ length: WORKER_CASES }, (_, i) => i),
      10,
      async (i) => {
        const { caseId } = await side!.cases.register({
          acceptNow: true,
          report: { summary: `compose worker kill ${i}` },
        });
        planned.push({ caseId, steps: 1 + (i % CHAIN.length) });
      },
    );
    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const driving = Promise.all(planned.map((p) => driveChain(side!.cases, p, progress, Date.now() + 300_000)));

    await first.process.exited;
    const killed = KILLED_LINE.exec(first.process.output());
    if (!killed)
      throw new Error(`worker 1 exited without the fault line; its output:\n${first.process.output().slice(-3000)}`);
    const inFlight = progress.started - progress.finished;
    const killedAt = Date.now();
    await driving;
    console.log(
      `[compose topology] worker 1 killed after appending ${killed[1]} seq ${killed[2]}; ${inFlight} updates in flight; ` +
        `${progress.retried} client retries; worker 2 answered all ${Date.now() - killedAt} ms after the kill`,
    );
    expect(first.process.running).toBe(false);
    expect(second.process.running).toBe(true);
    expect(planned.map((p) => p.caseId)).toContain(killed[3]);
    expect(inFlight).toBeGreaterThan(0);
    expect(progress.errors).toEqual([]);
    expect(await historyProblems(side!.dataSource, planned)).toEqual([]);
    expect(await workflowProblems(side!.cases, planned)).toEqual([]);
    const report = await checkConsistency(side!.dataSource, {
      caseIds: planned.map((p) => p.caseId),
      queryState: (caseId) => side!.cases.handle(caseId).query(caseStateQuery),
    });
    expect(report.drifted.map(describeDrift)).toEqual([]);
  }, 420_000);

  it("the dashboard's Temporal metric names are served by the live worker and server endpoints, or named by the SDK until their first event", async () => {
    const scrape = async (target: string) => {
      const response = await fetch(target);
      expect(response.status).toBe(200);
      return response.text();
    };
    const namesIn = (text: string) => new Set([...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((m) => m[1]));
    // The server emits its task queue backlog gauge periodically (about once a minute), not at once.
    const serverNames = await waitFor(
      "the server's approximate_backlog_count",
      async () => {
        const found = namesIn(await scrape(temporal!.metricsUrl!));
        return found.has('approximate_backlog_count') ? found : undefined;
      },
      180_000,
      2000,
    );
    const names = new Set([...namesIn(await scrape(workers[1].metricsUrl)), ...serverNames]);
    const wanted = dashboardMetricNames(JSON.parse(fs.readFileSync(DASHBOARD_FILE, 'utf8'))).filter(
      (n) => n.startsWith('temporal_') || n === 'approximate_backlog_count',
    );
    const live = wanted.filter((name) => names.has(name));
    const notYet = wanted.filter((name) => !names.has(name));
    console.log(
      `[compose topology] dashboard metrics served live: ${live.join(', ')}; not yet (no such event in the drill): ${notYet.join(', ') || 'none'}`,
    );
    // What every running stack serves at once: the backlog, the slots, the workflow task latency.
    expect(live).toEqual(
      expect.arrayContaining([
        'approximate_backlog_count',
        'temporal_worker_task_slots_available',
        'temporal_workflow_task_schedule_to_start_latency_seconds_bucket',
      ]),
    );
    // A counter or histogram the SDK creates on its first event (a failure, …) must still be one of
    // its names: its base name is in the SDK's native module, and the live names show the
    // exporter's conventions the dashboard relies on (temporal_ prefix, _total, _seconds_bucket).
    expect([...names].some((n) => /^temporal_\w+_total$/.test(n))).toBe(true);
    expect([...names].some((n) => /^temporal_\w+_seconds_bucket$/.test(n))).toBe(true);
    const releases = path.join(path.dirname(require.resolve('@temporalio/core-bridge/package.json')), 'releases');
    const natives = fs
      .readdirSync(releases)
      .map((platform) => path.join(releases, platform, 'index.node'))
      .filter((file) => fs.existsSync(file));
    const native = fs.readFileSync(natives[0]);
    for (const name of notYet) {
      const base = name.replace(/^temporal_/, '').replace(/_(total|seconds_bucket|seconds_count|seconds_sum)$/, '');
      expect([name, native.includes(Buffer.from(base))]).toEqual([name, true]);
    }
  }, 300_000);

  it(`gateway A SIGKILLed under ${INTAKES} intakes: clients retry on gateway B with the same Idempotency-Key — none lost, none doubled`, async () => {
    const run = randomUUID().slice(0, 8);
    const clerkA = await new GatewayClient(urlA).login('clerk1');
    const onB = new GatewayClient(urlB, clerkA.token);
    const intakes = Array.from({ length: INTAKES }, (_, index) => ({
      index,
      key: randomUUID(),
      marker: `compose gw ${run} #${index}`,
      caseId: undefined as string | undefined,
      answers: [] as string[],
      movedToB: false,
    }));
    let answered = 0;
    let aDead = false;

    const submit = async (intake: (typeof intakes)[number]) => {
      const body = sampleReport({ acceptNow: true, summary: intake.marker });
      for (let attempt = 1; attempt < 200; attempt += 1) {
        const client = aDead || intake.movedToB ? onB : clerkA;
        try {
          const result = await client.post('/api/disputes', body, { 'Idempotency-Key': intake.key });
          if (result.status === 201) {
            intake.caseId = result.body.id;
            answered += 1;
            return;
          }
          intake.answers.push(`${result.status} ${result.body?.code ?? ''}`.trim());
          const retriable =
            result.status >= 500 || (result.status === 409 && result.body?.code === 'REQUEST_IN_PROGRESS');
          if (!retriable) return;
        } catch (error) {
          // Gateway A gone: this client moves to B and sends the same request with the same key.
          intake.answers.push(
            `transport: ${(error as Error & { cause?: { code?: string } }).cause?.code ?? String(error)}`,
          );
          intake.movedToB = true;
        }
        await sleep(Math.min(2000, 100 * attempt));
      }
    };
    const chaos = (async () => {
      await waitFor(
        `${KILL_GATEWAY_AFTER_ANSWERS} intakes answered`,
        async () => (answered >= KILL_GATEWAY_AFTER_ANSWERS ? true : undefined),
        120_000,
        10,
      );
      await gatewayA.kill();
      aDead = true;
    })();
    await inPool(intakes, INTAKE_CONCURRENCY, submit);
    await chaos;

    const rows: { summary: string; id: string }[] = await owner!.query(
      'SELECT summary, id FROM cases WHERE summary LIKE $1',
      [`compose gw ${run} #%`],
    );
    const casesOf = (marker: string) => rows.filter((r) => r.summary === marker);
    const lost = intakes
      .filter((i) => casesOf(i.marker).length === 0)
      .map((i) => `#${i.index} ${i.answers.join('; ')}`);
    const doubled = intakes
      .filter((i) => casesOf(i.marker).length > 1)
      .map(
        (i) =>
          `#${i.index} ${casesOf(i.marker)
            .map((r) => r.id)
            .join(', ')}`,
      );
    const misanswered = intakes
      .filter((i) => !i.caseId || casesOf(i.marker)[0]?.id !== i.caseId)
      .map((i) => `#${i.index} answer ${i.caseId ?? 'none'}`);
    const moved = intakes.filter((i) => i.answers.some((a) => a.startsWith('transport')));
    console.log(
      `[compose topology] ${INTAKES} intakes, gateway A killed after ${KILL_GATEWAY_AFTER_ANSWERS} answers; ${moved.length} cut off by the kill and retried on B; lost ${lost.length}, doubled ${doubled.length}`,
    );
    expect(gatewayA.running).toBe(false);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);
    expect(misanswered).toEqual([]);
    expect(rows).toHaveLength(INTAKES);

    // The proxy leaves the dead gateway out: every request through it is answered by B.
    const clerkProxy = new GatewayClient(proxyUrl, clerkA.token);
    for (let i = 0; i < 6; i += 1) {
      const viaProxy = await clerkProxy.post(
        '/api/disputes',
        sampleReport({ acceptNow: true, summary: `compose proxy ${run} ${i}` }),
        { 'Idempotency-Key': randomUUID() },
      );
      expect(viaProxy.status).toBe(201);
    }
  }, 300_000);

  it('npm run check:consistency finds no drift in any open case of the drill', () => {
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...inherited } = process.env;
    const output = run('check:consistency', process.execPath, [path.join(ROOT, 'dist/scripts/check-consistency.js')], {
      ...inherited,
      NODE_ENV: 'test',
      DATABASE_URL: appUrl(),
      TEMPORAL_ADDRESS: temporal!.address,
    });
    const summary = /(\d+) open cases checked, (\d+) drifted/.exec(output);
    console.log(`[compose topology] check:consistency: ${summary?.[0]}`);
    expect(summary).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThan(INTAKES);
    expect(summary![2]).toBe('0');
  });
});
