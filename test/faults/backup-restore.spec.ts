import { execFile } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { caseStateQuery, routeDisputeUpdate, type CaseState } from '@app/contracts';
import { runMigrations } from '@app/persistence';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
import { freePort } from '@app/stack';
import { startTemporalOnPostgres, type RunningTemporalServer } from '../../scripts/temporal-postgres';
import type { BackupManifest } from '../../scripts/backup-restore';
import { actors, XINCUN_COMMITTEE } from '../support/case-driver';
import {
  CHAIN,
  driveChain,
  expectedAfter,
  inPool,
  REGISTRATION_EVENTS,
  type ChainProgress,
  type PlannedCase,
} from '../support/chain-load';
import { drillLadder, drillPolicy } from '../support/drill-policy';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  NodeProcess,
  OwnPostgres,
  requireBuiltApps,
  type ClientSide,
} from '../support/fault-stack';
import { GatewayClient } from '../support/http';
import { waitFor } from '../support/wait-for';

/**
 * The backup drill (issue 15): the stack on Temporal-on-PostgreSQL is backed up with
 * `npm run backup` while cases move, stopped, restored with `npm run restore` into a fresh data
 * folder, and started again on it. Every case of the backup is there, every open one takes its
 * next action, the escalation ladders that fell due while the stack was down fire, and
 * `npm run check:consistency` finds no drift.
 */

const DIST = path.resolve(__dirname, '../../dist');
/** Cases driven along the chain while the backup is taken (1 … 7 steps: none closes). */
const CHAIN_CASES = 24;
/** Cases routed just before the backup under a drill policy whose ladder falls due while the stack is down. */
const LADDER_CASES = 6;
const LADDER_ROUTING = 'PT45S';
const ALERT_TYPES = ['WarningRaised', 'EscalationRaised'];
/** The gateway says it listens at the `log` level (its structured logger drops it at the drills' `warn`). */
const GATEWAY_LOGS = { LOG_LEVEL: 'log' };

interface CommandResult {
  code: number;
  output: string;
  ms: number;
}

/** Runs one of the built maintenance commands as an operator would (node dist/scripts/…). */
function command(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const started = Date.now();
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _t, TEMPORAL_DATABASE_URL: _tdb, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(DIST, 'scripts', script), ...args],
      { env: { ...inherited, NODE_ENV: 'test', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}${stderr}`,
          ms: Date.now() - started,
        });
      },
    );
  });
}

/** The embedded PostgreSQL of a restored data folder, under the drills' starter process (no migrations, no seed: it holds the backup). */
class RestoredPostgres {
  private starter?: NodeProcess;
  url = '';

  constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    this.starter = new NodeProcess(
      'restored postgres',
      path.join(__dirname, '../support/postgres-process.js'),
      [this.dataDir, String(this.port), `${this.dataDir}.log`],
      process.env,
    );
    this.url = (await this.starter.printed(/^READY (\S+)$/m, 120_000))[1];
  }

  async stop(): Promise<void> {
    await this.starter?.stop(30_000);
    this.starter = undefined;
  }
}

describe('fault: backup while cases run, restore into a fresh cluster, start again (Temporal on PostgreSQL)', () => {
  const taskQueue = `fault-backup-${randomUUID()}`;
  const before = new AppFleet();
  const after = new AppFleet();
  let dirA: string;
  let dirB: string;
  let pgA: OwnPostgres | undefined;
  let temporalA: RunningTemporalServer | undefined;
  let sideA: ClientSide | undefined;
  let pgB: RestoredPostgres | undefined;
  let temporalB: RunningTemporalServer | undefined;
  let sideB: ClientSide | undefined;

  beforeAll(async () => {
    requireBuiltApps();
    dirA = makeTempDir('fault-backup-a');
    dirB = makeTempDir('fault-backup-b');
  });
  afterAll(async () => {
    await before.stopAll();
    await after.stopAll();
    await sideA?.close().catch(() => undefined);
    await sideB?.close().catch(() => undefined);
    await temporalA?.stop().catch(() => undefined);
    await temporalB?.stop().catch(() => undefined);
    await pgA?.stop();
    await pgB?.stop();
    for (const dir of [dirA, dirB]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no case of the backup: every open case resumes, timers due while down fire, check:consistency is clean', async () => {
    const quiet = () => undefined;
    // The dev-server profile (the shared test stack: Temporal's history in SQLite) is refused, naming the postgres profile.
    const refused = await command('backup.js', ['--out', path.join(dirA, 'never')], {
      DATABASE_URL: process.env.DATABASE_URL!,
      DATA_DIR: dirA,
    });
    expect({ code: refused.code, output: refused.output }).toEqual({
      code: 2,
      output: expect.stringContaining('npm run backup covers the postgres profile only'),
    });
    expect(fs.existsSync(path.join(dirA, 'never'))).toBe(false);
    // --- the stack before: embedded PostgreSQL holding the engine's and Temporal's databases.
    pgA = await OwnPostgres.start(dirA);
    temporalA = await startTemporalOnPostgres({
      postgresUrl: pgA.url,
      workDir: path.join(dirA, 'temporal-server'),
      log: quiet,
    });
    await before.start('worker', { databaseUrl: pgA.url, temporalAddress: temporalA.address, taskQueue });
    const portA = await freePort();
    await before.start(
      'gateway',
      { databaseUrl: pgA.url, temporalAddress: temporalA.address, taskQueue, port: portA },
      GATEWAY_LOGS,
    );
    sideA = await connectClientSide(temporalA.address, pgA.url, taskQueue);
    const cases = sideA.cases;

    const planned: PlannedCase[] = [];
    await inPool(
      Array.from({ length: CHAIN_CASES }, (_, i) => i),
      8,
      async (i) => {
        const { caseId } = await cases.register({ acceptNow: true, report: { summary: `backup drill ${i}` } });
        planned.push({ caseId, steps: 1 + (i % (CHAIN.length - 1)) });
      },
    );
    const policy = await cases.policy(drillPolicy({ ROUTING: LADDER_ROUTING }));
    const ladderIds: string[] = [];
    await inPool(
      Array.from({ length: LADDER_CASES }, (_, i) => i),
      6,
      async () => {
        ladderIds.push((await cases.register({ slaPolicyName: policy })).caseId);
      },
    );
    const routed = await Promise.all(
      ladderIds.map(async (caseId) => {
        const state: CaseState = await cases.act(caseId, routeDisputeUpdate, {
          actor: actors.clerk,
          centerCode: 'TJ',
          unitId: XINCUN_COMMITTEE,
          severity: 'NORMAL',
          slaClass: 'GENERAL',
        });
        return { caseId, ladder: drillLadder(state.stageEnteredAt, state.stageDeadline!) };
      }),
    );
    const firstDue = Math.min(...routed.map((r) => r.ladder[0].dueAt));
    const lastDue = Math.max(...routed.map((r) => r.ladder[3].dueAt));

    // --- the backup, with the chain cases moving.
    const total = planned.reduce((sum, p) => sum + p.steps, 0);
    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const driving = Promise.all(planned.map((p) => driveChain(cases, p, progress, Date.now() + 300_000)));
    await waitFor(
      'a quarter of the chain answered',
      async () => (progress.finished >= total / 4 ? true : undefined),
      120_000,
      20,
    );
    const answeredAtBackup = progress.finished;
    const backupDir = path.join(dirA, 'backups', 'drill');
    const backedUp = await command('backup.js', ['--out', backupDir], {
      DATA_DIR: dirA,
      EMBEDDED_PG_PORT: String(pgA.port),
    });
    const answeredDuringBackup = progress.finished - answeredAtBackup;
    expect({ code: backedUp.code, output: backedUp.output }).toEqual({
      code: 0,
      output: expect.stringContaining(`BACKUP ${backupDir}`),
    });
    expect(backedUp.output).toContain("Temporal's databases: on the engine's PostgreSQL server");
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    // The ladders were still wholly ahead at the backup's point: they fall due after it.
    expect(Date.parse(manifest.snapshotAt)).toBeLessThan(firstDue);
    expect(manifest.counts.cases).toBe(CHAIN_CASES + LADDER_CASES);
    expect(manifest.databases.map((d) => d.role).sort()).toEqual(['engine', 'temporal', 'temporal_visibility']);

    await driving;
    expect(progress.errors).toEqual([]);
    const [{ n: eventsAtStop }] = await sideA.dataSource.query('SELECT count(*)::int AS n FROM case_events');
    const gatewayHealthyBefore = (await new GatewayClient(`http://127.0.0.1:${portA}`).get('/health')).status;

    // --- everything down.
    await before.stopAll();
    await sideA.close();
    sideA = undefined;
    await temporalA.stop();
    temporalA = undefined;
    await pgA.stop();
    pgA = undefined;
    const downAt = Date.now();
    // Down until every rung of the ladders is past (a wall-clock condition, not a guess at an outcome).
    await waitFor(
      'the ladders to have fallen due',
      async () => (Date.now() > lastDue + 1000 ? true : undefined),
      120_000,
      200,
    );

    // --- restore into a fresh data folder, start on it.
    const portB = await freePort();
    const restored = await command('restore.js', [backupDir], { DATA_DIR: dirB, EMBEDDED_PG_PORT: String(portB) });
    expect({ code: restored.code, output: restored.output }).toEqual({
      code: 0,
      output: expect.stringContaining('as the backup recorded'),
    });
    const startedAt = Date.now();
    pgB = new RestoredPostgres(path.join(dirB, 'postgres'), portB);
    await pgB.start();
    expect(await runMigrations(pgB.url)).toEqual([]);
    temporalB = await startTemporalOnPostgres({
      postgresUrl: pgB.url,
      workDir: path.join(dirB, 'temporal-server'),
      log: quiet,
    });
    await after.start('worker', { databaseUrl: pgB.url, temporalAddress: temporalB.address, taskQueue });
    const gatewayPort = await freePort();
    await after.start(
      'gateway',
      { databaseUrl: pgB.url, temporalAddress: temporalB.address, taskQueue, port: gatewayPort },
      GATEWAY_LOGS,
    );
    sideB = await connectClientSide(temporalB.address, pgB.url, taskQueue);
    const restoredCases = sideB.cases;

    // No case of the backup is missing; every open one has its workflow running again.
    const rows: { id: string; status: string }[] = await sideB.dataSource.query(
      'SELECT id, status FROM cases ORDER BY id',
    );
    expect(rows.length).toBe(manifest.counts.cases);
    expect(rows.map((r) => r.id).sort()).toEqual([...planned.map((p) => p.caseId), ...ladderIds].sort());
    const open = rows.filter((r) => r.status !== 'CLOSED');
    expect(open.length).toBe(manifest.counts.openCases);
    await inPool(open, 8, async ({ id }) => {
      await restoredCases.handle(id).query(caseStateQuery);
    });
    const resumedMs = Date.now() - startedAt;

    // The ladders that fell due while the stack was down fire, once each, after the restart.
    for (const { caseId, ladder } of routed) {
      const raised = await waitFor(
        `the four alerts of ${caseId}`,
        async () => {
          const found = (await restoredCases.events(caseId)).filter((e) => ALERT_TYPES.includes(e.type));
          return found.length >= 4 ? found : undefined;
        },
        120_000,
        250,
      );
      expect(raised.map((e) => [e.type, e.payload.level])).toEqual(ladder.map((rung) => [rung.type, rung.level]));
      raised.forEach((e) => expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(startedAt));
    }
    const alertRows: { n: number }[] = await sideB.dataSource.query(
      'SELECT count(*)::int AS n FROM alerts WHERE case_id = ANY($1)',
      [ladderIds],
    );
    expect(alertRows[0].n).toBe(4 * LADDER_CASES);
    const firedMs = Date.now() - startedAt;

    // Every open case takes its next action: the chain cases through Temporal, the ladder cases
    // claimed by mediator1 through the restored gateway (the accounts came back with the backup).
    const mediator = await new GatewayClient(`http://127.0.0.1:${gatewayPort}`).login('mediator1');
    for (const caseId of ladderIds) {
      const claimed = await mediator.post(`/api/tasks/${caseId}/claim`, undefined, { 'Idempotency-Key': randomUUID() });
      expect({ caseId, status: claimed.status, stage: claimed.body?.stage }).toEqual({
        caseId,
        status: 200,
        stage: 'HANDLING',
      });
    }
    const problems: string[] = [];
    let stepsLost = 0;
    await inPool(planned, 8, async ({ caseId, steps }) => {
      const types = await restoredCases.eventTypes(caseId);
      const done = Array.from({ length: CHAIN.length + 1 }, (_, k) => k).find(
        (k) => JSON.stringify(expectedAfter(k).events) === JSON.stringify(types),
      );
      if (done === undefined) {
        problems.push(`${caseId}: restored events ${types.join(',')} are no prefix of the chain`);
        return;
      }
      stepsLost += steps - done;
      const next = CHAIN[done];
      let state: CaseState;
      try {
        state = await restoredCases.act(caseId, next.update, next.input as never);
      } catch (error) {
        // A restore out of step (the record ahead of or behind the workflow) shows here: a refusal.
        problems.push(
          `${caseId}: ${next.name} after ${done} steps failed: ${String((error as { cause?: Error }).cause?.message ?? error)}`,
        );
        return;
      }
      if (state.stage !== next.stage)
        problems.push(`${caseId}: ${next.name} left it in ${state.stage}, not ${next.stage}`);
      const now = await restoredCases.eventTypes(caseId);
      if (JSON.stringify(now) !== JSON.stringify(expectedAfter(done + 1).events))
        problems.push(`${caseId}: events after ${next.name}: ${now.join(',')}`);
    });
    expect(problems).toEqual([]);
    const ladderTypes = await Promise.all(ladderIds.map((id) => restoredCases.eventTypes(id)));
    for (const types of ladderTypes) {
      expect(types).toEqual([
        ...REGISTRATION_EVENTS,
        'DisputeRouted',
        'WarningRaised',
        'EscalationRaised',
        'EscalationRaised',
        'EscalationRaised',
        'TaskClaimed',
      ]);
    }

    // npm run check:consistency on the restored stack, as an operator runs it.
    // (A chain case whose seven steps were all in the backup took the evaluation and closed.)
    const [{ n: openNow }] = await sideB.dataSource.query(
      `SELECT count(*)::int AS n FROM cases WHERE status <> 'CLOSED'`,
    );
    const checked = await command('check-consistency.js', [], {
      DATABASE_URL: pgB.url,
      TEMPORAL_ADDRESS: temporalB.address,
    });
    expect({ code: checked.code, output: checked.output }).toEqual({
      code: 0,
      output: expect.stringContaining(`${openNow} open cases checked, 0 drifted`),
    });
    const report = await checkConsistency(sideB.dataSource, {
      queryState: (caseId) => restoredCases.handle(caseId).query(caseStateQuery),
    });
    expect(report.drifted.map(describeDrift)).toEqual([]);

    // Restore never writes over data: not into a data folder that holds a cluster, not into databases that hold tables.
    const again = await command('restore.js', [backupDir], {
      DATA_DIR: dirB,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    expect({ code: again.code, output: again.output }).toEqual({
      code: 1,
      output: expect.stringContaining('already holds a PostgreSQL cluster: restore goes into a fresh one'),
    });
    const over = await command('restore.js', [backupDir], { DATABASE_URL: pgB.url });
    expect({ code: over.code, output: over.output }).toEqual({
      code: 1,
      output: expect.stringMatching(
        /database (mediation|temporal|temporal_visibility) on \S+ already holds \d+ tables/,
      ),
    });
    const eventsInBackup = manifest.counts.events;
    console.log(
      [
        `[backup drill] ${CHAIN_CASES + LADDER_CASES} cases; gateway before: /health ${gatewayHealthyBefore}`,
        `  backup: ${backedUp.ms} ms in all (command), ${manifest.durationMs} ms inside, appends held ${manifest.writePauseMs} ms; ` +
          `${manifest.databases.map((d) => `${d.role} ${(d.bytes / 1024).toFixed(0)} KiB`).join(', ')}; ${answeredDuringBackup} chain updates answered while it ran`,
        `  recovery point: the backup's point ${manifest.snapshotAt}; after it ${eventsAtStop - eventsInBackup} events (${stepsLost} chain steps) were recorded and are not in the backup`,
        `  down ${startedAt - downAt} ms; restore: ${restored.ms} ms (command: fresh cluster + pg_restore of 3 databases)`,
        `  restored stack: every open case answering ${resumedMs} ms after its PostgreSQL was started, the overdue ladders fired within ${firedMs} ms`,
      ].join('\n'),
    );
  });
});
