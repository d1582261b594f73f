import { randomUUID } from 'crypto';
import * as http from 'http';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import {
  awaitRegistrationUpdate,
  disputeWorkflowId,
  DISPUTE_WORKFLOW_TYPE,
  type DisputeWorkflowInput,
} from '@app/contracts';
import { benchIntakeInput, benchReport } from './lib/bench-report';

/**
 * The load generator, run as a separate process (forked with IPC) so that its CPU is not the
 * measured process's. One job per message; answers with every latency in ms.
 *
 *  - closed loop: `concurrency` loops, each sending its next request when the previous answered;
 *  - open loop: `rate` requests per second on a fixed schedule, latency measured from the
 *    scheduled send time (so a stall counts against every request it delays).
 */
export type Target = 'gateway' | 'bare-update-with-start' | 'bare-start';

export interface LoadJob {
  target: Target;
  durationMs: number;
  concurrency?: number;
  rate?: number;
  gatewayUrl: string;
  token: string;
  temporalAddress: string;
  taskQueue: string;
  slaPolicyName?: string;
  /** Stop after this many requests (escalation seeding). */
  maxRequests?: number;
}

export interface LoadResult {
  target: Target;
  concurrency?: number;
  rate?: number;
  latencies: number[];
  /** When each request completed, ms since the job's start. */
  completedAt: number[];
  errors: Record<string, number>;
  elapsedMs: number;
  sent: number;
}

let client: Client | undefined;
async function temporalClient(address: string): Promise<Client> {
  client ??= new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  return client;
}

function makeSender(job: LoadJob): () => Promise<void> {
  if (job.target === 'gateway') {
    const url = new URL(`${job.gatewayUrl}/api/disputes`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(job.concurrency ?? 0, 256) });
    return () =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ ...benchReport(), acceptNow: true });
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${job.token}`,
              'idempotency-key': randomUUID(),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              response.statusCode === 201 || response.statusCode === 200
                ? resolve()
                : reject(new Error(`HTTP ${response.statusCode}`)),
            );
          },
        );
        request.on('error', reject);
        request.end(body);
      });
  }
  return async () => {
    const c = await temporalClient(job.temporalAddress);
    const caseId = randomUUID();
    const input = benchIntakeInput(caseId, { slaPolicyName: job.slaPolicyName });
    const start = {
      workflowId: disputeWorkflowId(caseId),
      taskQueue: job.taskQueue,
      args: [input] as [DisputeWorkflowInput],
      workflowIdConflictPolicy: 'FAIL' as const,
    };
    if (job.target === 'bare-start') {
      await c.workflow.start(DISPUTE_WORKFLOW_TYPE, start);
    } else {
      await c.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(DISPUTE_WORKFLOW_TYPE, start),
      });
    }
  };
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const send = makeSender(job);
  const latencies: number[] = [];
  const completedAt: number[] = [];
  const errors: Record<string, number> = {};
  const t0 = performance.now();
  const end = t0 + job.durationMs;
  const max = job.maxRequests ?? Infinity;
  let sent = 0;
  const one = async (scheduled: number) => {
    try {
      await send();
      const now = performance.now();
      latencies.push(now - scheduled);
      completedAt.push(now - t0);
    } catch (error) {
      const key = error instanceof Error ? error.message.slice(0, 120) : String(error);
      errors[key] = (errors[key] ?? 0) + 1;
    }
  };
  if (job.rate) {
    const interval = 1000 / job.rate;
    const inflight = new Set<Promise<void>>();
    while (performance.now() < end && sent < max) {
      const scheduled = t0 + sent * interval;
      const wait = scheduled - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const p = one(scheduled).finally(() => inflight.delete(p));
      inflight.add(p);
      sent += 1;
    }
    await Promise.all(inflight);
  } else {
    const loops = Array.from({ length: job.concurrency ?? 1 }, async () => {
      while (performance.now() < end && sent < max) {
        sent += 1;
        await one(performance.now());
      }
    });
    await Promise.all(loops);
  }
  return {
    target: job.target,
    concurrency: job.concurrency,
    rate: job.rate,
    latencies,
    completedAt,
    errors,
    elapsedMs: performance.now() - t0,
    sent,
  };
}

if (require.main === module && process.send) {
  process.on('message', (job: LoadJob) => {
    runLoad(job)
      .then((result) => process.send!({ ok: true, result }))
      .catch((error) => process.send!({ ok: false, error: String(error?.stack ?? error) }));
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
