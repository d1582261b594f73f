import { randomUUID } from 'crypto';
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
import type { DataSource } from 'typeorm';
import { awaitRegistrationUpdate, disputeWorkflowId, type DisputeWorkflowInput } from '@app/contracts';
import { createDataSource } from '@app/persistence';
import { createDisputeWorker } from '../../apps/worker/src/dispute-worker.factory';
import { withRequestId } from '@app/contracts/request-id';
import { bundle } from '../support/replay';
import { testConfig } from '../support/test-stack';

/** As the gateway's RequestIdClientInterceptor: a request id in the start's and the update's headers. */
class RequestIds implements WorkflowClientInterceptor {
  startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    const id = randomUUID();
    return next({
      ...input,
      workflowStartHeaders: withRequestId(input.workflowStartHeaders, id),
      updateHeaders: withRequestId(input.updateHeaders, id),
    });
  }
}

/**
 * Node (20, 22) gives every promise created while an AsyncLocalStorage is enabled one property per
 * enabled storage. The request-id interceptors run their storage for every case opened through
 * the gateway; with a storage per cached workflow, each promise in the worker carried a property
 * per cached case, so memory per case grew with the size of the cache (docs/notes/workflow-memory.md).
 * With the workflow modules preloaded the storage is one for the whole worker. (On Node 24 and
 * later AsyncLocalStorage keeps no per-promise properties and the count is 0 throughout.)
 */
describe('cached workflows share the request-id storage (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let dataSource: DataSource;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    dataSource = createDataSource(config.databaseUrl!, 4);
    await dataSource.initialize();
    nativeConnection = await NativeConnection.connect({ address: config.temporalAddress! });
    worker = await createDisputeWorker({
      connection: nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue: config.temporalTaskQueue,
      dataSource,
      streetCode: config.streetCode,
      // From the sources; debug mode runs the workflows on this thread, where the test looks.
      workflowBundle: await bundle(),
      tuning: { debugMode: true },
    });
    running = worker.run();
    connection = await Connection.connect({ address: config.temporalAddress! });
    client = new Client({
      connection,
      namespace: config.temporalNamespace,
      interceptors: { workflow: [new RequestIds()] },
    });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await nativeConnection?.close();
    await dataSource?.destroy();
  });

  const openCase = async () => {
    const caseId = randomUUID();
    const input: DisputeWorkflowInput = {
      caseId,
      reportedBy: { userId: '00000000-0000-4000-8000-000000001001', role: 'CLERK', unitIds: [] },
      acceptNow: true,
      reportedAt: new Date().toISOString(),
      report: {
        channel: 'WALK_IN',
        category: 'NEIGHBOR',
        summary: '噪音扰民（测试）',
        description: '夜间装修噪音',
        gridCode: 'JF-C01-G02',
        address: '新村社区 1 幢',
        urgent: false,
        parties: [{ role: 'APPLICANT', name: '测试丙', phone: '13900000000' }],
      },
    };
    const state = await client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('disputeWorkflow', {
        workflowId: disputeWorkflowId(caseId),
        taskQueue: config.temporalTaskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    expect(state.stage).toBe('ACCEPTANCE');
  };

  /** Storage slots a promise made now carries (AsyncLocalStorage's per-storage `kResourceStore` symbol). */
  const slotsPerPromise = () =>
    Object.getOwnPropertySymbols(new Promise(() => undefined)).filter((s) => s.description === 'kResourceStore').length;

  it('a promise carries as many storage slots with eight cached cases as with two', async () => {
    for (let i = 0; i < 2; i++) await openCase();
    expect(worker.getStatus().numCachedWorkflows).toBe(2);
    const withTwo = slotsPerPromise();

    for (let i = 0; i < 6; i++) await openCase();
    expect(worker.getStatus().numCachedWorkflows).toBe(8);
    expect(slotsPerPromise()).toBe(withTwo);
  });
});
