import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describeMachine, machine, table, writeResult } from './lib/common';

/**
 * Side by side, in one run: the intake scenario (scenarios/intake.ts) of two builds of the project,
 * run in turn A B A B … so that a machine shared with others drifts over both alike.
 *
 *   node dist/bench-stack/bench/ab-intake.js --base /tmp/perf-base [--rounds 3] [intake options…]
 *
 * `--base` is another checkout with its own `npm run build:server && npm run bench:build` (e.g.
 * `git worktree add /tmp/perf-base <commit>` with node_modules linked); `--candidate` defaults to
 * this checkout. Every other argument goes to both intake runs. Each run starts its own stack
 * (its own Temporal, PostgreSQL, worker and gateway). For every step the table gives the medians
 * over the rounds of throughput and of the worker's CPU per completed intake (CPU seconds of the
 * worker process over the step / intakes completed in it), and candidate/base ratios.
 */
const argv = process.argv.slice(2);
const take = (name: string): string | undefined => {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const [, value] = argv.splice(at, 2);
  return value;
};
const base = take('base');
const candidate = take('candidate') ?? path.resolve(__dirname, '..', '..', '..');
const rounds = Number(take('rounds') ?? 3);
if (!base) {
  console.error('usage: ab-intake --base <checkout> [--candidate <checkout>] [--rounds N] [intake options]');
  process.exit(2);
}

interface Step {
  target: string;
  concurrency?: number;
  rate?: number;
  throughput: number;
  latency: { p50: number; p99: number };
  cpu: Record<string, number>;
}

function runIntake(checkout: string, label: string): Promise<{ steps: Step[]; file: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(checkout, 'dist/bench-stack/bench/run.js'), 'intake', ...argv, '--label', label],
      {
        cwd: checkout,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => {
      const file = /results: (\S+\.json)/.exec(out)?.[1];
      if (code !== 0 || !file) return reject(new Error(`${checkout}: intake run exited ${code}`));
      resolve({ steps: JSON.parse(fs.readFileSync(file, 'utf8')).steps, file });
    });
  });
}

const median = (values: (number | null)[]) => {
  // A step with no completed intake has no latency (NaN, stored as null): left out.
  const s = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const key = (s: Step) => `${s.target} ${s.concurrency !== undefined ? `c=${s.concurrency}` : `${s.rate}/s`}`;
const workerMs = (s: Step) => (s.throughput > 0 ? (s.cpu.worker * 1000) / s.throughput : NaN);
const gatewayMs = (s: Step) => (s.throughput > 0 ? (s.cpu.gateway * 1000) / s.throughput : NaN);

async function main(): Promise<void> {
  const before = machine();
  const runs: { side: 'base' | 'candidate'; round: number; steps: Step[]; file: string; load: number[] }[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const [side, checkout] of [
      ['base', base!],
      ['candidate', candidate],
    ] as const) {
      const load = machine().loadAverage;
      console.log(`\n### round ${round}/${rounds}: ${side} (${checkout}), load average ${load.join(' ')}`);
      const { steps, file } = await runIntake(checkout, `ab-${side}-${round}`);
      runs.push({ side, round, steps, file, load });
    }
  }
  const keys = [...new Set(runs.flatMap((r) => r.steps.map(key)))];
  const pick = (side: string, k: string, f: (s: Step) => number) =>
    median(
      runs
        .filter((r) => r.side === side)
        .map((r) => r.steps.find((s) => key(s) === k))
        .filter((s): s is Step => !!s)
        .map(f),
    );
  const rows = keys.map((k) => {
    const b = {
      tp: pick('base', k, (s) => s.throughput),
      w: pick('base', k, workerMs),
      g: pick('base', k, gatewayMs),
      p50: pick('base', k, (s) => s.latency.p50),
    };
    const c = {
      tp: pick('candidate', k, (s) => s.throughput),
      w: pick('candidate', k, workerMs),
      g: pick('candidate', k, gatewayMs),
      p50: pick('candidate', k, (s) => s.latency.p50),
    };
    return { step: k, base: b, candidate: c };
  });
  const after = machine();
  console.log(
    `\nIntake A/B, ${rounds} rounds, medians; ${describeMachine(before)}; load after ${after.loadAverage.join(' ')}`,
  );
  console.log(`base ${base}, candidate ${candidate}`);
  console.log(
    table(
      [
        'step',
        'base req/s',
        'cand. req/s',
        'base worker ms/intake',
        'cand. worker ms/intake',
        'worker cand./base',
        'base gw ms',
        'cand. gw ms',
        'base p50',
        'cand. p50',
      ],
      rows.map((r) => [
        r.step,
        r.base.tp,
        r.candidate.tp,
        r.base.w,
        r.candidate.w,
        (r.candidate.w / r.base.w).toFixed(2),
        r.base.g,
        r.candidate.g,
        r.base.p50,
        r.candidate.p50,
      ]),
    ),
  );
  const backend = argv.includes('--backend') ? argv[argv.indexOf('--backend') + 1] : 'sqlite';
  const file = writeResult('intake-ab', backend, {
    scenario: 'intake-ab',
    base,
    candidate,
    rounds,
    argv,
    machineBefore: before,
    loadAverageAfter: after.loadAverage,
    runs: runs.map((r) => ({ side: r.side, round: r.round, file: path.basename(r.file), loadAtStart: r.load })),
    rows,
    date: new Date().toISOString(),
  });
  console.log(`results: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
