import 'reflect-metadata';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import * as v8 from 'v8';
import * as workerThreads from 'worker_threads';
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  type Next,
  type WorkflowClientInterceptor,
  type WorkflowStartUpdateWithStartInput,
  type WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  awaitRegistrationUpdate,
  DEFAULT_SLA_POLICY_NAME,
  disputeWorkflowId,
  DISPUTE_WORKFLOW_TYPE,
  type DisputeWorkflowInput,
  type GivenSlaSettings,
} from '@app/contracts';
import { withRequestId } from '@app/contracts/request-id';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { freePort, sleep, startEmbeddedPostgres } from '@app/stack';
import { startDevServer } from './lib/stack';
import { createDisputeWorker } from '../apps/worker/src/dispute-worker.factory';
import { ensureSearchAttributes } from '../apps/worker/src/search-attributes';
import { benchIntakeInput } from './lib/bench-report';

/**
 * Memory per cached dispute workflow (issue 16 target 4, docs/notes/workflow-memory.md).
 *
 * One process: embedded PostgreSQL and the Temporal dev server as children, the project's worker
 * (createDisputeWorker, every workflow kept cached) in this process, and a client that opens
 * cases by update-with-start as the bench's load child does. After each step of cases it waits
 * until the worker is idle, collects garbage and reads the heap that holds the workflows:
 *
 *  - WF_MODE=threaded (the worker's default): workflows run in the SDK's worker thread; its heap
 *    is read through the inspector (NodeWorker domain: HeapProfiler.collectGarbage, then
 *    Runtime.getHeapUsage), and the process's RSS besides.
 *  - WF_MODE=debug: `debugMode: true`, workflows run on this thread; gc() then
 *    process.memoryUsage().heapUsed.
 *
 * WF_INPUT=bare: the bench's input (no SLA settings, no request id); WF_INPUT=gateway: as the
 * gateway sends it (the intake's SLA settings in the input, a request id in the headers).
 * WF_BUNDLE=<file>: a prebuilt workflow bundle to run instead of dist/workflow-bundle.js (before/after).
 * WF_STEPS=20,500,2000: cumulative case counts at which to measure (the first is the baseline).
 * WF_SNAPSHOT=<count>,…: write a heap snapshot of the workflows' heap at those counts (to WF_OUT);
 * bench/heap-aggregate.ts reads them.
 *
 * Run: npm run bench:build && node --expose-gc dist/bench-stack/bench/wf-memory.js
 */

const mode = (process.env.WF_MODE ?? 'threaded') as 'threaded' | 'debug';
const inputKind = (process.env.WF_INPUT ?? 'bare') as 'bare' | 'gateway';
const steps = (process.env.WF_STEPS ?? '20,500,2000').split(',').map(Number);
const snapshotAt = (process.env.WF_SNAPSHOT ?? '').split(',').filter(Boolean).map(Number);
const outDir = process.env.WF_OUT ?? '/tmp/wf-memory';
const concurrency = Number(process.env.WF_CONCURRENCY ?? 8);
const label = process.env.WF_LABEL ?? `${mode}-${inputKind}`;

// The SDK's workflow thread, captured as it is made (the SDK takes the class at load time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const threadsModule = require('node:worker_threads') as typeof workerThreads;
const threads: workerThreads.Worker[] = [];
const OriginalWorker = threadsModule.Worker;
(threadsModule as { Worker: unknown }).Worker = class extends OriginalWorker {
  constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
    super(...args);
    threads.push(this);
  }
};

const MiB = 1024 * 1024;

/** An inspector session on the SDK's workflow thread (threaded mode). */
class ThreadInspector {
  private readonly session = new inspector.Session();
  private sessionId: string | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  private onEvent: ((method: string, params: Record<string, unknown>) => void) | undefined;

  async attach(): Promise<void> {
    this.session.connect();
    const attached = new Promise<void>((resolve) => {
      this.session.on('NodeWorker.attachedToWorker', (message) => {
        this.sessionId ??= (message.params as { sessionId: string }).sessionId;
        resolve();
      });
    });
    this.session.on('NodeWorker.receivedMessageFromWorker', (message) => {
      const parsed = JSON.parse((message.params as { message: string }).message) as {
        id?: number;
        method?: string;
        params?: Record<string, unknown>;
        result?: unknown;
        error?: unknown;
      };
      if (parsed.id !== undefined) {
        this.pending.get(parsed.id)?.(parsed);
        this.pending.delete(parsed.id);
      } else if (parsed.method) this.onEvent?.(parsed.method, parsed.params ?? {});
    });
    await new Promise<void>((resolve, reject) =>
      this.session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    await attached;
  }

  call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, (message) =>
        message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result as T),
      );
      this.session.post('NodeWorker.sendMessageToWorker', {
        sessionId: this.sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  }

  async heap(): Promise<{ used: number; total: number }> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const usage = await this.call<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
    return { used: usage.usedSize, total: usage.totalSize };
  }

  async snapshot(file: string): Promise<void> {
    const out = fs.openSync(file, 'w');
    this.onEvent = (method, params) => {
      if (method === 'HeapProfiler.addHeapSnapshotChunk') fs.writeSync(out, params.chunk as string);
    };
    await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    this.onEvent = undefined;
    fs.closeSync(out);
  }
}

function mainHeap(): { used: number; total: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  return { used: usage.heapUsed, total: usage.heapTotal };
}

async function waitIdle(worker: Worker, expected: number): Promise<void> {
  let quiet = 0;
  while (quiet < 5) {
    const status = worker.getStatus();
    const idle =
      status.numInFlightWorkflowActivations === 0 &&
      status.numInFlightActivities === 0 &&
      status.numCachedWorkflows >= expected;
    quiet = idle ? quiet + 1 : 0;
    await sleep(200);
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync('/tmp/wf-memory-stack-');
  fs.chmodSync(dataDir, 0o755);
  fs.mkdirSync(path.join(dataDir, 'logs'));
  const stops: (() => Promise<void>)[] = [];
  try {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: await freePort(),
      database: 'mediation',
      logFile: path.join(dataDir, 'logs', 'postgres.log'),
    });
    stops.push(pg.stop);
    const dev = await startDevServer(dataDir);
    stops.push(dev.stop);
    const address = dev.address;
    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url, 4);
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    await seedDemoData(dataSource, 'demo-pass-2026');
    await ensureSearchAttributes(address, 'default');

    const taskQueue = 'wf-memory';
    const nativeConnection = await NativeConnection.connect({ address });
    stops.push(() => nativeConnection.close());
    const worker = await createDisputeWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      dataSource,
      streetCode: 'JF',
      ...(process.env.WF_BUNDLE && { workflowBundle: { code: fs.readFileSync(process.env.WF_BUNDLE, 'utf8') } }),
      tuning: { maxCachedWorkflows: 100_000, ...(mode === 'debug' ? { debugMode: true } : {}) },
    });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
    });

    const thread = mode === 'threaded' ? new ThreadInspector() : undefined;
    if (thread) {
      if (threads.length !== 1) throw new Error(`expected one workflow thread, found ${threads.length}`);
      await thread.attach();
    }
    const workflowHeap = () => (thread ? thread.heap() : Promise.resolve(mainHeap()));

    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    // As the gateway's RequestIdClientInterceptor does: a request id in the start's and the update's headers.
    const requestIds: WorkflowClientInterceptor = {
      startUpdateWithStart: (
        input: WorkflowStartUpdateWithStartInput,
        next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
      ): Promise<WorkflowStartUpdateWithStartOutput> => {
        const id = randomUUID();
        return next({
          ...input,
          workflowStartHeaders: withRequestId(input.workflowStartHeaders, id),
          updateHeaders: withRequestId(input.updateHeaders, id),
        });
      },
    };
    const client = new Client({
      connection,
      namespace: 'default',
      interceptors: { workflow: inputKind === 'gateway' ? [requestIds] : [] },
    });
    const slaSettings: GivenSlaSettings | undefined =
      inputKind === 'gateway'
        ? await new SlaSettingsRepository(dataSource).given(DEFAULT_SLA_POLICY_NAME, new Date())
        : undefined;

    const open = async (count: number) => {
      let started = 0;
      const loop = async () => {
        while (started < count) {
          started += 1;
          const caseId = randomUUID();
          const input = benchIntakeInput(caseId, slaSettings && { slaSettings });
          const operation = new WithStartWorkflowOperation(DISPUTE_WORKFLOW_TYPE, {
            workflowId: disputeWorkflowId(caseId),
            taskQueue,
            args: [input] as [DisputeWorkflowInput],
            workflowIdConflictPolicy: 'FAIL',
          });
          await client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, { startWorkflowOperation: operation });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, loop));
    };

    const rows: {
      cases: number;
      cached: number;
      /** The heap that runs the workflows (the workflow thread's, or this thread's in debug mode), after GC. */
      heapMiB: number;
      heapTotalMiB: number;
      /** This (main) thread's heap after GC; the same as heapMiB in debug mode. */
      mainHeapMiB: number;
      rssMiB: number;
      externalMiB: number;
    }[] = [];
    let opened = 0;
    for (const target of steps) {
      const t0 = Date.now();
      await open(target - opened);
      opened = target;
      await waitIdle(worker, target);
      const heap = await workflowHeap();
      const main = thread ? mainHeap() : heap;
      const usage = process.memoryUsage();
      const row = {
        cases: target,
        cached: worker.getStatus().numCachedWorkflows,
        heapMiB: heap.used / MiB,
        heapTotalMiB: heap.total / MiB,
        mainHeapMiB: main.used / MiB,
        rssMiB: usage.rss / MiB,
        externalMiB: usage.external / MiB,
      };
      rows.push(row);
      const previous = rows.at(-2);
      const per = previous ? ((row.heapMiB - previous.heapMiB) * MiB) / (row.cases - previous.cases) : undefined;
      console.log(
        `[${label}] ${target} cases (cached ${row.cached}, ${((Date.now() - t0) / 1000).toFixed(0)} s): workflow heap ${row.heapMiB.toFixed(1)} MiB (of ${row.heapTotalMiB.toFixed(0)}), main heap ${row.mainHeapMiB.toFixed(1)} MiB, rss ${row.rssMiB.toFixed(0)} MiB` +
          (per !== undefined ? `, +${(per / 1024).toFixed(1)} KiB per workflow since ${previous!.cases}` : ''),
      );
      if (snapshotAt.includes(target)) {
        const file = path.join(outDir, `${label}-${target}.heapsnapshot`);
        if (thread) await thread.snapshot(file);
        else v8.writeHeapSnapshot(file);
        console.log(`[${label}] heap snapshot ${file}`);
      }
    }
    const first = rows[0];
    const last = rows.at(-1)!;
    const summary = {
      label,
      mode,
      input: inputKind,
      node: process.version,
      rows,
      bytesPerWorkflow: ((last.heapMiB - first.heapMiB) * MiB) / (last.cases - first.cases),
      mainHeapBytesPerWorkflow: ((last.mainHeapMiB - first.mainHeapMiB) * MiB) / (last.cases - first.cases),
      rssBytesPerWorkflow: ((last.rssMiB - first.rssMiB) * MiB) / (last.cases - first.cases),
    };
    console.log(JSON.stringify(summary));
    fs.writeFileSync(path.join(outDir, `${label}-${Date.now()}.json`), JSON.stringify(summary, null, 2));
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
