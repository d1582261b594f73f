import { DEFAULT_SLA_POLICY, type SlaPolicy } from '@app/domain/sla/sla-policy';
import { createDataSource } from '@app/persistence';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import type { LoadJob, LoadResult } from '../load-child';
import { BenchChild } from '../lib/child';
import { CpuMeter, describeMachine, machine, numArg, RssSampler, sleep, summarize, table } from '../lib/common';
import { cpuGroups } from './intake';
import { login, type BenchStack } from '../lib/stack';
import type { Arrival } from '../sse-child';

export const DRILL_POLICY = 'bench-drill';
/** The policy of the cases that stay open through the run (`--due` below `--cases`): ACCEPTANCE a day away. */
export const LONG_POLICY = 'bench-drill-long';

/** The office's policy with ACCEPTANCE cut to `seconds` of calendar time; levels 2 and 3 a day away. */
export function drillPolicy(seconds: number): SlaPolicy {
  return {
    ...DEFAULT_SLA_POLICY,
    rules: DEFAULT_SLA_POLICY.rules.map((r) =>
      r.stage === 'ACCEPTANCE' && !r.urgent ? { stage: r.stage, slaClass: r.slaClass, duration: `PT${seconds}S` } : r,
    ),
    escalationSteps: { level2AfterMs: 24 * 3600_000, level3AfterMs: 48 * 3600_000 },
  };
}

/**
 * Scenario 2: N open cases whose ACCEPTANCE deadline (a drill SLA policy of D seconds) falls a few
 * minutes out; a supervisor (supervisor3, who sees every level) listens on the SSE stream in a
 * separate process. Lag = arrival on the SSE client − the alert's deadline (level 1, raised at
 * the deadline); warnings (at 80 % of D) are measured against their checkpoint. Worker RSS
 * sampled every second.
 *
 * With `--due` M below `--cases` N (issue 16: 10,000 open cases of which 1,000 fall due within
 * the same minute), the M due cases are opened first, then the N − M others under a policy whose
 * deadline is a day away: those stay open and cached (or evicted) through the run, and the M
 * deadlines fall within the minute or so the M cases took to open, D seconds after.
 *
 * The cases are opened with the bare Temporal client (the gateway's own path, update-with-start,
 * with slaPolicyName set), since the gateway always uses the office's `default` policy; the
 * workflow, timers, activities, projection, NOTIFY and SSE path are the production ones.
 */
export async function escalationLagScenario(stack: BenchStack): Promise<unknown> {
  const before = machine();
  const cases = numArg('cases', 10_000);
  const deadlineSeconds = numArg('deadline', 300);
  const seedConcurrency = numArg('seed-concurrency', 20);
  const graceSeconds = numArg('grace', 120);
  const due = Math.min(cases, numArg('due', cases));
  // --due-rate R: the due cases are opened at R a second (their deadlines fall at that rate), not as fast as they go.
  const dueRate = numArg('due-rate', 0);

  const admin = createDataSource(stack.adminDatabaseUrl, 1);
  await admin.initialize();
  await new SlaSettingsRepository(admin).savePolicy(DRILL_POLICY, drillPolicy(deadlineSeconds), null);
  if (due < cases) await new SlaSettingsRepository(admin).savePolicy(LONG_POLICY, drillPolicy(86_400), null);
  await admin.destroy();

  const sse = new BenchChild<{ url?: string; token?: string; report?: boolean; count?: boolean }, any>('sse-child.js');
  await sse.run({ url: `${stack.gatewayUrl}/api/alerts/stream`, token: await login(stack.gatewayUrl, 'supervisor3') });
  const rss = new RssSampler({ worker: stack.pids.worker, gateway: stack.pids.gateway, temporal: stack.pids.temporal });
  rss.start(1000);
  const workerRssTimeline: { t: number; mib: number }[] = [];
  const t0 = Date.now();
  const timeline = setInterval(() => {
    const mib = require('../lib/common').rssMiB(stack.pids.worker);
    if (mib) workerRssTimeline.push({ t: Math.round((Date.now() - t0) / 1000), mib: Math.round(mib) });
  }, 5000);

  const load = new BenchChild<LoadJob, LoadResult>('load-child.js');
  const seedStart = Date.now();
  const open = (count: number, slaPolicyName: string, rate?: number) =>
    load.run({
      target: 'bare-update-with-start',
      ...(rate ? { rate } : { concurrency: seedConcurrency }),
      durationMs: 3600_000,
      maxRequests: count,
      gatewayUrl: stack.gatewayUrl,
      token: '',
      temporalAddress: stack.temporalAddress,
      taskQueue: 'disputes',
      slaPolicyName,
    });
  console.log(
    `opening ${due} cases (bare client, concurrency ${seedConcurrency}, ACCEPTANCE deadline ${deadlineSeconds} s) …`,
  );
  const seeded = await open(due, DRILL_POLICY, dueRate || undefined);
  const dueOpenedSeconds = (Date.now() - seedStart) / 1000;
  let stayOpen: LoadResult | undefined;
  if (due < cases) {
    console.log(
      `opened ${seeded.latencies.length} due cases in ${dueOpenedSeconds.toFixed(0)} s; opening ${cases - due} cases due in a day …`,
    );
    stayOpen = await open(cases - due, LONG_POLICY);
  }
  load.stop();
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const opened = seeded.latencies.length;
  const seedErrors = seeded.errors;
  console.log(
    `opened ${opened} due cases${stayOpen ? ` and ${stayOpen.latencies.length} others` : ''} in ${seedSeconds.toFixed(0)} s (${((opened + (stayOpen?.latencies.length ?? 0)) / seedSeconds).toFixed(0)}/s); errors ${JSON.stringify({ ...seedErrors, ...(stayOpen?.errors ?? {}) })}`,
  );
  if (stayOpen && seedSeconds > dueOpenedSeconds + deadlineSeconds * 0.8)
    console.log('note: the warnings of the due cases fell while the others were still being opened');

  // CPU from here on is the timers' (warnings and level-1 alerts), the opening's is over.
  // The load process has ended: its CPU is not part of this.
  const { loadgen: _, ...groups } = cpuGroups(stack, load);
  const meter = new CpuMeter(groups);
  meter.start();
  const meteredFrom = Date.now();
  // Wait until every opened case's level-1 alert has arrived, or the last deadline + grace passed.
  const lastDeadline = seedStart + dueOpenedSeconds * 1000 + deadlineSeconds * 1000;
  for (;;) {
    const count: { total: number; escalations: number } = await sse.run({ count: true });
    const left = Math.round((lastDeadline + graceSeconds * 1000 - Date.now()) / 1000);
    console.log(
      `  alerts arrived: ${count.total} (${count.escalations} level 1); worker RSS ${Math.round(require('../lib/common').rssMiB(stack.pids.worker) ?? 0)} MiB; ${left} s left at most`,
    );
    if (count.escalations >= opened || left <= 0) break;
    await sleep(10_000);
  }
  clearInterval(timeline);
  const cpu = meter.stop();
  const meteredSeconds = (Date.now() - meteredFrom) / 1000;
  const memory = rss.stop();
  const arrivals: Arrival[] = await sse.run({ report: true });
  sse.stop();

  const escalations = arrivals.filter((a) => a.kind === 'ESCALATION' && a.level === 1 && a.deadline);
  const warnings = arrivals.filter((a) => a.kind === 'WARNING' && a.deadline);
  const lag = escalations.map((a) => (a.arrivedAt - Date.parse(a.deadline!)) / 1000);
  const raised = escalations.map((a) => (Date.parse(a.raisedAt) - Date.parse(a.deadline!)) / 1000);
  const delivery = escalations.map((a) => (a.arrivedAt - Date.parse(a.raisedAt)) / 1000);
  const warningLag = warnings.map(
    (a) => (a.arrivedAt - (Date.parse(a.deadline!) - 0.2 * deadlineSeconds * 1000)) / 1000,
  );
  const deadlines = escalations.map((a) => Date.parse(a.deadline!));
  const spread = deadlines.length ? (Math.max(...deadlines) - Math.min(...deadlines)) / 1000 : 0;
  const lagSummary = summarize(lag);
  const after = machine();
  const rows = [
    ['level 1: arrival − deadline', lagSummary],
    ['  of which raisedAt − deadline (timer → workflow)', summarize(raised)],
    ['  of which arrival − raisedAt (record → NOTIFY → SSE)', summarize(delivery)],
    ['warning: arrival − checkpoint', summarize(warningLag)],
  ] as const;
  console.log(
    `\nEscalation lag, backend ${stack.backend}; ${describeMachine(before)}; load after ${after.loadAverage.join(' ')}`,
  );
  console.log(
    `cases opened ${opened}/${due} due${stayOpen ? ` and ${stayOpen.latencies.length}/${cases - due} open through the run` : ''} in ${seedSeconds.toFixed(0)} s; deadlines spread over ${spread.toFixed(0)} s; level-1 alerts received ${escalations.length}, warnings ${warnings.length}`,
  );
  console.log(
    table(
      ['lag (s)', 'n', 'p50', 'p90', 'p99', 'max'],
      rows.map(([name, s]) => [
        name,
        String(s.n),
        s.p50.toFixed(2),
        s.p90.toFixed(2),
        s.p99.toFixed(2),
        s.max.toFixed(2),
      ]),
    ),
  );
  console.log(
    table(
      ['process', 'RSS max MiB', 'RSS mean MiB'],
      Object.entries(memory).map(([name, m]) => [name, String(m.maxMiB), String(m.meanMiB)]),
    ),
  );
  const missing = opened - escalations.length;
  const timersMetered = arrivals.filter((a) => a.arrivedAt >= meteredFrom).length;
  const cpuMsPerTimer = Object.fromEntries(
    Object.entries(cpu).map(([name, share]) => [
      name,
      timersMetered > 0 ? Math.round(((share * meteredSeconds * 1000) / timersMetered) * 10) / 10 : null,
    ]),
  );
  console.log(
    `CPU after the opening (${meteredSeconds.toFixed(0)} s, ${timersMetered} alerts): ${Object.entries(cpu)
      .map(([name, share]) => `${name} ${share} core (${cpuMsPerTimer[name]} ms per alert)`)
      .join(', ')}`,
  );
  console.log(
    `p99 lag ${lagSummary.p99.toFixed(2)} s (target < 2 s: ${lagSummary.p99 < 2 && missing === 0 ? 'met' : 'missed'}${missing ? `, ${missing} level-1 alerts never arrived` : ''}); worker RSS max ${memory.worker?.maxMiB} MiB (target < 1024: ${(memory.worker?.maxMiB ?? 0) < 1024 ? 'met' : 'missed'})`,
  );
  return {
    scenario: 'escalation-lag',
    backend: stack.backend,
    machineBefore: before,
    loadAverageAfter: after.loadAverage,
    stack: stack.description,
    cases,
    due,
    dueRate: dueRate || null,
    opened,
    openThroughRun: stayOpen?.latencies.length ?? 0,
    dueOpenedSeconds,
    seedSeconds,
    seedErrors: { ...seedErrors, ...(stayOpen?.errors ?? {}) },
    seedLatency: summarize(seeded.latencies),
    deadlineSeconds,
    deadlineSpreadSeconds: spread,
    received: { escalations: escalations.length, warnings: warnings.length, missing },
    lag: lagSummary,
    raisedMinusDeadline: summarize(raised),
    arrivalMinusRaised: summarize(delivery),
    warningLag: summarize(warningLag),
    memory,
    cpuAfterOpening: { seconds: meteredSeconds, alerts: timersMetered, coreShare: cpu, msPerAlert: cpuMsPerTimer },
    workerRssTimeline,
  };
}
