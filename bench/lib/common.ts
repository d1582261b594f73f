import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** `--name value` / `--flag` from argv. */
export function arg(name: string, fallback: string): string;
export function arg(name: string): string | undefined;
export function arg(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const next = process.argv[at + 1];
  return next === undefined || next.startsWith('--') ? 'true' : next;
}
export const numArg = (name: string, fallback: number) => Number(arg(name, String(fallback)));
export const listArg = (name: string, fallback: number[]) => arg(name, fallback.join(',')).split(',').map(Number);

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : NaN;
  return {
    n: sorted.length,
    p50: pick(0.5),
    p90: pick(0.9),
    p99: pick(0.99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean,
  };
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAverage: number[];
}

export function machine(): Machine {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

export function describeMachine(m: Machine): string {
  return `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}, load average ${m.loadAverage.join(' ')}`;
}

/** A plain text table, numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) =>
    r.map((c) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toFixed(1)) : c)),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function writeResult(scenario: string, backend: string, result: unknown): string {
  const dir = path.join(projectRoot(), 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario}-${backend}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  return file;
}

/** Resident set size of a process in MiB (VmRSS), undefined once it has gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process and the children it reaped have used so far. */
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = CLK_TCK;
    // utime + stime, plus cutime + cstime: the children it has reaped (PostgreSQL's postmaster
    // reaps its backends, so a connection closed during a measurement still counts).
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
  } catch {
    return undefined;
  }
}

export class RssSampler {
  private readonly samples = new Map<string, number[]>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly pids: Record<string, number>) {}
  start(intervalMs = 1000): void {
    const take = () => {
      for (const [name, pid] of Object.entries(this.pids)) {
        const rss = rssMiB(pid);
        if (rss !== undefined) (this.samples.get(name) ?? this.samples.set(name, []).get(name)!).push(rss);
      }
    };
    take();
    this.timer = setInterval(take, intervalMs);
  }
  stop(): Record<string, { maxMiB: number; meanMiB: number; lastMiB: number; samples: number }> {
    if (this.timer) clearInterval(this.timer);
    const out: Record<string, { maxMiB: number; meanMiB: number; lastMiB: number; samples: number }> = {};
    for (const [name, values] of this.samples) {
      out[name] = {
        maxMiB: Math.round(Math.max(...values)),
        meanMiB: Math.round(values.reduce((s, v) => s + v, 0) / values.length),
        lastMiB: Math.round(values[values.length - 1]),
        samples: values.length,
      };
    }
    return out;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The checkout: where package.json is, from source or from dist/bench-stack. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Children of a process (from /proc), for PostgreSQL's backends. */
export function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * CPU seconds by process group between two points: where the machine's two cores went during a
 * step. PostgreSQL counts its postmaster and every backend; backends that exited during the step
 * are missed (the pools keep theirs open).
 */
export class CpuMeter {
  private before: Record<string, number> = {};
  private t0 = 0;
  constructor(private readonly groups: Record<string, () => number[]>) {}
  private read(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.groups))
      out[name] = pids().reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0);
    return out;
  }
  start(): void {
    this.before = this.read();
    this.t0 = Date.now();
  }
  /** Share of one core each group used since start (1.0 = one full core). */
  stop(): Record<string, number> {
    const after = this.read();
    const seconds = (Date.now() - this.t0) / 1000;
    return Object.fromEntries(
      Object.entries(after).map(([name, v]) => [
        name,
        Math.round(((v - (this.before[name] ?? 0)) / seconds) * 100) / 100,
      ]),
    );
  }
}
