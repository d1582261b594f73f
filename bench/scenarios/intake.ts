import type { LoadJob, LoadResult, Target } from '../load-child';
import { BenchChild } from '../lib/child';
import {
  childPids,
  CpuMeter,
  describeMachine,
  listArg,
  machine,
  numArg,
  sleep,
  summarize,
  table,
  writeResult,
  type Summary,
} from '../lib/common';
import { login, type BenchStack } from '../lib/stack';
import { createDataSource } from '@app/persistence';

export interface IntakeStep {
  target: Target;
  concurrency?: number;
  rate?: number;
  throughput: number;
  latency: Summary;
  errors: Record<string, number>;
  cpu: Record<string, number>;
}

export function cpuGroups(stack: BenchStack, load: BenchChild<unknown, unknown>) {
  return {
    gateway: () => [stack.pids.gateway],
    worker: () => [stack.pids.worker],
    temporal: () => [stack.pids.temporal],
    postgres: () => (stack.pids.postgres ? [stack.pids.postgres, ...childPids(stack.pids.postgres)] : []),
    loadgen: () => [load.pid],
  };
}

export async function runStep(
  load: BenchChild<LoadJob, LoadResult>,
  meter: CpuMeter,
  base: Omit<LoadJob, 'target' | 'durationMs'>,
  target: Target,
  durationMs: number,
  shape: { concurrency?: number; rate?: number },
): Promise<IntakeStep> {
  // Warm-up: connections open, code paths hot; not counted.
  await load.run({ ...base, target, durationMs: 2000, ...shape });
  meter.start();
  const result = await load.run({ ...base, target, durationMs, ...shape });
  const cpu = meter.stop();
  return {
    target,
    ...shape,
    throughput: Math.round((result.latencies.length / result.elapsedMs) * 1000 * 10) / 10,
    latency: summarize(result.latencies),
    errors: result.errors,
    cpu,
  };
}

export function stepRows(steps: IntakeStep[]) {
  return steps.map((s) => [
    s.target,
    s.concurrency !== undefined ? `c=${s.concurrency}` : `${s.rate}/s`,
    s.throughput,
    s.latency.p50,
    s.latency.p90,
    s.latency.p99,
    s.latency.max,
    Object.values(s.errors).reduce((a, b) => a + b, 0),
    s.throughput > 0 ? Math.round(((s.cpu.worker ?? NaN) * 10000) / s.throughput) / 10 : NaN,
    Object.entries(s.cpu)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(' '),
  ]);
}
/** `worker ms/intake`: the worker's CPU over the step per intake completed in it (issue 16's measure). */
export const STEP_HEADERS = [
  'target',
  'load',
  'req/s',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  'max ms',
  'errors',
  'worker ms/intake',
  'CPU (cores)',
];

/**
 * Scenario 1: authenticated POST /api/disputes at rising concurrency against the bare client's
 * executeUpdateWithStart of the same workflow (what the gateway does: start + wait until the
 * workflow has recorded the report), on the same Temporal server in the same run; plus
 * client.workflow.start alone (fire and forget) for reference, and a fixed-rate run.
 */
/** Waits until the number of recorded cases has not changed for 3 s (at most 10 minutes); returns the seconds waited. */
async function waitForDrain(stack: BenchStack): Promise<number> {
  const admin = createDataSource(stack.adminDatabaseUrl, 1);
  await admin.initialize();
  const started = Date.now();
  try {
    let last = -1;
    let still = 0;
    while (still < 3 && Date.now() - started < 600_000) {
      const [{ n }]: { n: number }[] = await admin.query('SELECT count(*)::int AS n FROM cases');
      still = n === last ? still + 1 : 0;
      last = n;
      await sleep(1000);
    }
  } finally {
    await admin.destroy();
  }
  return Math.round((Date.now() - started) / 1000);
}

export async function intakeScenario(stack: BenchStack): Promise<unknown> {
  const before = machine();
  const concurrencies = listArg('concurrency', [1, 5, 10, 25, 50]);
  const durationMs = numArg('duration', 15) * 1000;
  const rate = numArg('rate', 50);
  const rateDurationMs = numArg('rate-duration', 30) * 1000;
  const token = await login(stack.gatewayUrl, 'clerk1');
  const load = new BenchChild<LoadJob, LoadResult>('load-child.js');
  const meter = new CpuMeter(cpuGroups(stack, load));
  const base = { gatewayUrl: stack.gatewayUrl, token, temporalAddress: stack.temporalAddress, taskQueue: 'disputes' };
  const steps: IntakeStep[] = [];
  try {
    for (const concurrency of concurrencies) {
      for (const target of ['gateway', 'bare-update-with-start'] as const) {
        const step = await runStep(load, meter, base, target, durationMs, { concurrency });
        steps.push(step);
        console.log(
          table(STEP_HEADERS, stepRows([step]))
            .split('\n')
            .slice(2)
            .join('\n'),
        );
        await sleep(1000);
      }
    }
    const startOnly = numArg('start-only-concurrency', 25);
    if (startOnly > 0) {
      steps.push(await runStep(load, meter, base, 'bare-start', durationMs, { concurrency: startOnly }));
      // The bare start leaves workflows the worker has not run yet; the next step would queue
      // behind them (and answer 503 past the gateway's Temporal deadline), so wait them out.
      console.log(`the worker caught up with the bare start's backlog in ${await waitForDrain(stack)} s`);
    }
    for (const target of ['gateway', 'bare-update-with-start'] as const) {
      steps.push(await runStep(load, meter, base, target, rateDurationMs, { rate }));
    }
  } finally {
    load.stop();
  }
  const ratios = concurrencies.map((c) => {
    const gw = steps.find((s) => s.target === 'gateway' && s.concurrency === c)!;
    const bare = steps.find((s) => s.target === 'bare-update-with-start' && s.concurrency === c)!;
    return {
      concurrency: c,
      gateway: gw.throughput,
      bare: bare.throughput,
      ratio: Math.round((gw.throughput / bare.throughput) * 100) / 100,
    };
  });
  const peakGateway = Math.max(
    ...steps.filter((s) => s.target === 'gateway' && s.concurrency).map((s) => s.throughput),
  );
  const peakBare = Math.max(
    ...steps.filter((s) => s.target === 'bare-update-with-start' && s.concurrency).map((s) => s.throughput),
  );
  const fixed = steps.find((s) => s.target === 'gateway' && s.rate)!;
  const after = machine();
  console.log(
    `\nIntake, backend ${stack.backend}; ${describeMachine(before)}; load after ${after.loadAverage.join(' ')}`,
  );
  console.log(table(STEP_HEADERS, stepRows(steps)));
  console.log(
    `\n${table(
      ['concurrency', 'gateway req/s', 'bare req/s', 'ratio'],
      ratios.map((r) => [String(r.concurrency), r.gateway, r.bare, r.ratio.toFixed(2)]),
    )}`,
  );
  const peakRatio = Math.round((peakGateway / peakBare) * 100) / 100;
  console.log(
    `peak: gateway ${peakGateway} req/s, bare ${peakBare} req/s, ratio ${peakRatio} (target >= 0.8: ${peakRatio >= 0.8 ? 'met' : 'missed'})`,
  );
  console.log(
    `fixed rate ${rate}/s through the gateway: p99 ${fixed.latency.p99.toFixed(1)} ms (target < 150 ms: ${fixed.latency.p99 < 150 ? 'met' : 'missed'})`,
  );
  return {
    scenario: 'intake',
    backend: stack.backend,
    machineBefore: before,
    loadAverageAfter: after.loadAverage,
    stack: stack.description,
    durationMs,
    steps,
    ratios,
    peakGateway,
    peakBare,
    peakRatio,
    fixedRate: { rate, p99: fixed.latency.p99, met: fixed.latency.p99 < 150 },
  };
}

export function saveIntake(result: any): string {
  return writeResult('intake', result.backend, result);
}
