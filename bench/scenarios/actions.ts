import { randomUUID } from 'crypto';
import type { LoadJob, LoadResult } from '../load-child';
import { BenchChild } from '../lib/child';
import { CpuMeter, describeMachine, machine, numArg, sleep, summarize, table } from '../lib/common';
import { login, type BenchStack } from '../lib/stack';
import { cpuGroups, STEP_HEADERS, stepRows, type IntakeStep } from './intake';

interface Http {
  status: number;
  body: any;
  ms: number;
}

function client(base: string) {
  return async (token: string | undefined, method: string, path: string, body?: unknown): Promise<Http> => {
    const t = performance.now();
    const response = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - t;
    return { status: response.status, body: text ? JSON.parse(text) : undefined, ms };
  };
}

const ok = (r: Http, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
};

/** Sums and counts of the gateway's Prometheus histograms (`/metrics`), per series. */
async function histogramTotals(base: string): Promise<Map<string, { sum: number; count: number }>> {
  const totals = new Map<string, { sum: number; count: number }>();
  const response = await fetch(`${base}/metrics`);
  if (!response.ok) return totals;
  for (const line of (await response.text()).split('\n')) {
    const m = /^(\w+)_(sum|count)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]}${m[3] ?? ''}`;
    const entry = totals.get(key) ?? { sum: 0, count: 0 };
    entry[m[2] as 'sum' | 'count'] = Number(m[4]);
    totals.set(key, entry);
  }
  return totals;
}

/** Mean milliseconds per series between two readings of histogramTotals, for series matching `pattern`. */
function meanMsBetween(
  before: Map<string, { sum: number; count: number }>,
  after: Map<string, { sum: number; count: number }>,
  pattern: RegExp,
): Record<string, { n: number; meanMs: number }> {
  const out: Record<string, { n: number; meanMs: number }> = {};
  for (const [key, a] of after) {
    if (!pattern.test(key)) continue;
    const b = before.get(key) ?? { sum: 0, count: 0 };
    const n = a.count - b.count;
    if (n > 0) out[key] = { n, meanMs: Math.round(((a.sum - b.sum) / n) * 10000) / 10 };
  }
  return out;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Scenario 3: claim, a mediation session's record, complete-handling and the party's evaluation
 * (public route) through the gateway while the intake load of scenario 1 (a fixed rate, default
 * 10 intakes/s, issue 16's background) runs from a separate process. Cases are brought to
 * ROUTING (claimable) and to EVALUATION beforehand.
 */
export async function actionsScenario(stack: BenchStack): Promise<unknown> {
  const before = machine();
  const count = numArg('actions', 150);
  const rate = numArg('rate', 10);
  const actionRate = numArg('action-rate', 3);
  const http = client(stack.gatewayUrl);
  const [clerk, mediator, supervisor] = await Promise.all(
    ['clerk1', 'mediator1', 'supervisor1'].map((u) => login(stack.gatewayUrl, u)),
  );
  const report = (i: number) => ({
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: `邻里纠纷（压测 ${i}）`,
    description: '噪音扰民，协商未果。',
    gridCode: 'JF-C01-G01',
    address: '新村社区 5 幢',
    acceptNow: true,
    parties: [{ role: 'APPLICANT', name: '压测甲', phone: `137${String(i).padStart(8, '0')}` }],
  });

  console.log(`preparing ${count} claimable cases and ${count} cases awaiting evaluation …`);
  const t0 = Date.now();
  const first = ok(await http(clerk, 'POST', '/disputes', report(0)), 'register');
  const suggestion = ok(await http(clerk, 'GET', `/disputes/${first.body.id}/routing-suggestion`), 'suggestion').body;
  const route = { centerCode: suggestion.centerCode, unitId: suggestion.unitId, severity: suggestion.severity };
  const claimable: string[] = [];
  const evaluable: string[] = [];
  await inBatches(
    Array.from({ length: 2 * count }, (_, i) => i + 1),
    8,
    async (i) => {
      const c = ok(await http(clerk, 'POST', '/disputes', report(i)), 'register').body;
      ok(await http(clerk, 'POST', `/disputes/${c.id}/route`, route), 'route');
      if (i <= count) {
        claimable.push(c.id);
        return;
      }
      ok(await http(mediator, 'POST', `/tasks/${c.id}/claim`), 'claim');
      ok(
        await http(mediator, 'POST', `/disputes/${c.id}/complete-handling`, {
          outcome: 'RESOLVED_ON_SITE',
          summary: '现场化解',
        }),
        'complete',
      );
      ok(await http(supervisor, 'POST', `/disputes/${c.id}/supervision/approve`), 'approve');
      ok(
        await http(mediator, 'POST', `/disputes/${c.id}/feedback`, { channel: 'PHONE', content: '已电话告知' }),
        'feedback',
      );
      evaluable.push(c.receiptCode);
    },
  );
  console.log(`prepared in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const load = new BenchChild<LoadJob, LoadResult>('load-child.js');
  const meter = new CpuMeter(cpuGroups(stack, load));
  const token = await login(stack.gatewayUrl, 'clerk1');
  const durationMs = Math.ceil(count / actionRate) * 1000 + 10_000;
  await load.run({
    target: 'gateway',
    rate,
    durationMs: 2000,
    gatewayUrl: stack.gatewayUrl,
    token,
    temporalAddress: stack.temporalAddress,
    taskQueue: 'disputes',
  });
  meter.start();
  const loadRun = load.run({
    target: 'gateway',
    rate,
    durationMs,
    gatewayUrl: stack.gatewayUrl,
    token,
    temporalAddress: stack.temporalAddress,
    taskQueue: 'disputes',
  });
  await sleep(3000);
  const metricsBefore = await histogramTotals(stack.gatewayUrl);
  const latencies: Record<'claim' | 'record session' | 'complete-handling' | 'evaluation', number[]> = {
    claim: [],
    'record session': [],
    'complete-handling': [],
    evaluation: [],
  };
  const failures: Record<string, number> = {};
  const note = (name: keyof typeof latencies, r: Http) => {
    if (r.status < 300) latencies[name].push(r.ms);
    else
      failures[`${name} ${r.status} ${r.body?.code ?? ''}`] =
        (failures[`${name} ${r.status} ${r.body?.code ?? ''}`] ?? 0) + 1;
  };
  const sequences: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const id = claimable[i];
    const receipt = evaluable[i];
    sequences.push(
      (async () => {
        const claim = await http(mediator, 'POST', `/tasks/${id}/claim`);
        note('claim', claim);
        if (claim.status < 300) {
          note(
            'record session',
            await http(mediator, 'POST', `/disputes/${id}/handling-records`, {
              note: '双方到场，初步达成一致',
              sessionAt: new Date().toISOString(),
              participants: ['压测甲', '压测乙'],
            }),
          );
          note(
            'complete-handling',
            await http(mediator, 'POST', `/disputes/${id}/complete-handling`, {
              outcome: 'RESOLVED_ON_SITE',
              summary: '现场化解',
            }),
          );
        }
        note(
          'evaluation',
          await http(undefined, 'POST', `/public/cases/${receipt}/evaluation`, { rating: 'SATISFIED' }),
        );
      })(),
    );
    await sleep(1000 / actionRate);
  }
  await Promise.all(sequences);
  // Where an action's time goes: the workflow update as the gateway timed it, and the whole request inside the gateway.
  const metricsAfter = await histogramTotals(stack.gatewayUrl);
  const inGateway = meanMsBetween(
    metricsBefore,
    metricsAfter,
    /^(workflow_call_duration_seconds\{kind="update"|http_request_duration_seconds\{method="POST",route="[^"]*\/(claim|handling-records|complete-handling|evaluation)")/,
  );
  const intake = await loadRun;
  const cpu = meter.stop();
  load.stop();
  const intakeStep: IntakeStep = {
    target: 'gateway',
    rate,
    throughput: Math.round((intake.latencies.length / intake.elapsedMs) * 10000) / 10,
    latency: summarize(intake.latencies),
    errors: intake.errors,
    cpu,
  };
  const summaries = Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, summarize(v)]));
  const after = machine();
  console.log(
    `\nActions under ${rate} intakes/s, backend ${stack.backend}; ${describeMachine(before)}; load after ${after.loadAverage.join(' ')}`,
  );
  console.log(
    table(
      ['action', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      Object.entries(summaries).map(([k, s]) => [k, String(s.n), s.p50, s.p90, s.p99, s.max]),
    ),
  );
  console.log('background intake:');
  console.log(table(STEP_HEADERS, stepRows([intakeStep])));
  if (Object.keys(failures).length) console.log(`failures: ${JSON.stringify(failures)}`);
  console.log('inside the gateway (mean ms over the timed actions, from its /metrics):');
  for (const [key, { n, meanMs }] of Object.entries(inGateway)) console.log(`  ${key}: n ${n}, mean ${meanMs} ms`);
  return {
    scenario: 'actions',
    backend: stack.backend,
    machineBefore: before,
    loadAverageAfter: after.loadAverage,
    stack: stack.description,
    count,
    actionRate,
    actions: summaries,
    failures,
    inGateway,
    intake: intakeStep,
  };
}
