import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { freePort } from '@app/stack';
import { inPool } from '../support/chain-load';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  OwnPostgres,
  requireBuiltApps,
  type AppEnv,
  type AppProcess,
  type ClientSide,
} from '../support/fault-stack';
import { GatewayClient, sampleReport } from '../support/http';
import { waitFor } from '../support/wait-for';

const INTAKES = 120;
const CONCURRENCY = 8;
/** The gateway is SIGKILLed (and a new one started on its port) when this many intakes have their answer. */
const KILL_AFTER_ANSWERS = [30, 70];
/** How long a client keeps trying one intake after the last restart before it counts it as never answered. */
const PATIENCE_MS = 90_000;

interface Intake {
  index: number;
  key: string;
  marker: string;
  caseId?: string;
  attempts: number;
  /** Every answer that was not the final 201, in order: status and code, or the transport error. */
  answers: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault: the gateway SIGKILLed during intake load, clients retrying with their Idempotency-Key (real processes)', () => {
  const taskQueue = `fault-gateway-kill-${randomUUID()}`;
  const run = randomUUID().slice(0, 8);
  const fleet = new AppFleet();
  let dir: string;
  let pg: OwnPostgres;
  let side: ClientSide;
  let env: AppEnv;
  let gateway: AppProcess;

  beforeAll(async () => {
    requireBuiltApps();
    // A database of its own: the intakes' one party would be a "repeat party" to the other tests.
    dir = makeTempDir('fault-gateway');
    pg = await OwnPostgres.start(dir);
    side = await connectClientSide(process.env.TEMPORAL_ADDRESS!, pg.url, taskQueue);
    env = { databaseUrl: pg.url, temporalAddress: process.env.TEMPORAL_ADDRESS!, taskQueue, port: await freePort() };
    await fleet.start('worker', env);
    gateway = await fleet.start('gateway', env);
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('maps every logical intake to exactly one case: none lost, none doubled, each answered', async () => {
    const clerk = await new GatewayClient(`http://127.0.0.1:${env.port}`).login('clerk1');
    const intakes: Intake[] = Array.from({ length: INTAKES }, (_, index) => ({
      index,
      key: randomUUID(),
      marker: `fault-gw ${run} #${index}`,
      attempts: 0,
      answers: [],
    }));
    let answered = 0;
    let lastRestartAt = Date.now();

    /** A client as API.md intends: the same key and body until it has the answer; transport errors, 5xx and 409 REQUEST_IN_PROGRESS are retried. */
    const submit = async (intake: Intake) => {
      const body = sampleReport({ acceptNow: true, summary: intake.marker });
      for (;;) {
        intake.attempts += 1;
        try {
          const result = await clerk.post('/api/disputes', body, { 'Idempotency-Key': intake.key });
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
          intake.answers.push(
            `transport: ${(error as Error & { cause?: { code?: string } }).cause?.code ?? String(error)}`,
          );
        }
        if (Date.now() - lastRestartAt > PATIENCE_MS) return;
        await sleep(Math.min(2000, 100 * intake.attempts));
      }
    };

    const kills: { at: number; inFlight: number }[] = [];
    const chaos = (async () => {
      for (const threshold of KILL_AFTER_ANSWERS) {
        await waitFor(
          `${threshold} intakes answered`,
          async () => (answered >= threshold ? true : undefined),
          120_000,
          10,
        );
        await gateway.kill();
        kills.push({ at: answered, inFlight: Math.min(CONCURRENCY, INTAKES - answered) });
        gateway = await fleet.start('gateway', env);
        lastRestartAt = Date.now();
      }
    })();
    await inPool(intakes, CONCURRENCY, submit);
    await chaos;

    const rows: { summary: string; id: string }[] = await side.dataSource.query(
      'SELECT summary, id FROM cases WHERE summary LIKE $1',
      [`fault-gw ${run} #%`],
    );
    const casesOf = (marker: string) => rows.filter((r) => r.summary === marker);
    const report = (i: Intake) =>
      `#${i.index} key ${i.key}: ${casesOf(i.marker).length} case(s) [${casesOf(i.marker)
        .map((r) => r.id)
        .join(', ')}], answer ${i.caseId ?? 'none'} after ${i.attempts} attempts (${i.answers.slice(0, 3).join('; ')}${
        i.answers.length > 3 ? `; … ${i.answers.length - 3} more, last ${i.answers[i.answers.length - 1]}` : ''
      })`;
    const lost = intakes.filter((i) => casesOf(i.marker).length === 0);
    const doubled = intakes.filter((i) => casesOf(i.marker).length > 1);
    const unanswered = intakes.filter((i) => !i.caseId);
    const misanswered = intakes.filter((i) => i.caseId && casesOf(i.marker)[0]?.id !== i.caseId);
    console.log(
      `[gateway kill] ${INTAKES} intakes, kills after ${kills.map((k) => k.at).join(' and ')} answers; ` +
        `${intakes.reduce((n, i) => n + i.attempts, 0)} requests; lost ${lost.length}, doubled ${doubled.length}, ` +
        `never answered ${unanswered.length}${unanswered.length ? `:\n  ${unanswered.map(report).join('\n  ')}` : ''}`,
    );

    expect(kills).toHaveLength(KILL_AFTER_ANSWERS.length);
    expect(lost.map(report)).toEqual([]);
    expect(doubled.map(report)).toEqual([]);
    expect(misanswered.map(report)).toEqual([]);
    expect(unanswered.map(report)).toEqual([]);
    expect(rows).toHaveLength(INTAKES);
  });
});
