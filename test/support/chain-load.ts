import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  approveSupervisionUpdate,
  claimTaskUpdate,
  completeHandlingUpdate,
  deliverFeedbackUpdate,
  caseStateQuery,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  type CaseState,
} from '@app/contracts';
import type { Stage } from '@app/domain/enums';
import { actors, CaseDriver, XINCUN_COMMITTEE } from './case-driver';

/**
 * The happy chain, one update per step, after a walk-in registered with acceptNow
 * (DisputeReported, DisputeAccepted): each step's stage and the events it must add, once.
 */
export interface ChainStep {
  name: string;
  update: UpdateDefinition<CaseState, [never]>;
  input: Record<string, unknown>;
  stage: Stage;
  events: string[];
}

const step = <I>(
  name: string,
  update: UpdateDefinition<CaseState, [I]>,
  input: I,
  stage: Stage,
  events: string[],
): ChainStep => ({
  name,
  update: update as unknown as UpdateDefinition<CaseState, [never]>,
  input: input as Record<string, unknown>,
  stage,
  events,
});

export const REGISTRATION_EVENTS = ['DisputeReported', 'DisputeAccepted'];

export const CHAIN: ChainStep[] = [
  step(
    'route',
    routeDisputeUpdate,
    { actor: actors.clerk, centerCode: 'TJ', unitId: XINCUN_COMMITTEE, severity: 'NORMAL', slaClass: 'GENERAL' },
    'ROUTING',
    ['DisputeRouted'],
  ),
  step('claim', claimTaskUpdate, { actor: actors.mediator1 }, 'HANDLING', ['TaskClaimed']),
  step(
    'record handling',
    recordHandlingUpdate,
    { actor: actors.mediator1, note: '调解一次', sessionAt: '2026-11-28T10:00:00+08:00', participants: ['测试甲'] },
    'HANDLING',
    ['HandlingRecorded'],
  ),
  step(
    'complete handling',
    completeHandlingUpdate,
    {
      actor: actors.mediator1,
      outcome: 'AGREEMENT',
      summary: '达成协议',
      agreement: { terms: '维修', fulfilBy: '2026-12-31' },
    },
    'TRACKING',
    ['HandlingCompleted'],
  ),
  step('follow up', recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: true, note: '已履行' }, 'SUPERVISION', [
    'FollowUpRecorded',
  ]),
  step('approve', approveSupervisionUpdate, { actor: actors.supervisor1 }, 'FEEDBACK', ['SupervisionApproved']),
  step(
    'feedback',
    deliverFeedbackUpdate,
    { actor: actors.mediator1, channel: 'PHONE', content: '已电话告知' },
    'EVALUATION',
    ['FeedbackDelivered'],
  ),
  step('evaluate', submitEvaluationUpdate, { actor: actors.party, rating: 'SATISFIED' }, 'CLOSED', [
    'EvaluationReceived',
    'DisputeClosed',
  ]),
];

/** A case of a drill and how far along the chain it is to go. */
export interface PlannedCase {
  caseId: string;
  steps: number;
}

/** Where a case that took the first `steps` steps stands, and the events it must have, in order. */
export function expectedAfter(steps: number): { stage: Stage; events: string[] } {
  const taken = CHAIN.slice(0, steps);
  return {
    stage: taken.length ? taken[taken.length - 1].stage : 'ACCEPTANCE',
    events: [...REGISTRATION_EVENTS, ...taken.flatMap((s) => s.events)],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChainProgress {
  started: number;
  finished: number;
  /** Calls that failed for reasons other than a refusal (server or worker gone) and were sent again. */
  retried: number;
  errors: string[];
}

/**
 * Sends the case's steps in order as a client should: each update with an id of its own
 * (case + step), sent again with the same id after a transport failure or timeout, so that
 * Temporal applies it once however often it is sent. A refusal by the workflow is not retried:
 * it is reported.
 */
export async function driveChain(
  cases: CaseDriver,
  planned: PlannedCase,
  progress: ChainProgress,
  deadline: number,
): Promise<void> {
  const handle = cases.handle(planned.caseId);
  for (const [index, chainStep] of CHAIN.slice(0, planned.steps).entries()) {
    progress.started += 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handle.executeUpdate(chainStep.update, {
          args: [chainStep.input as never],
          updateId: `${planned.caseId}-step-${index}`,
        });
        break;
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) {
          progress.errors.push(
            `${planned.caseId} ${chainStep.name} (attempt ${attempt}): refused: ${String(error.cause?.message ?? error.message)}`,
          );
          progress.finished += 1;
          return;
        }
        if (Date.now() > deadline) {
          progress.errors.push(
            `${planned.caseId} ${chainStep.name}: gave up after ${attempt} attempts: ${String(error)}`,
          );
          progress.finished += 1;
          return;
        }
        progress.retried += 1;
        await sleep(Math.min(5000, 250 * attempt));
      }
    }
    progress.finished += 1;
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/**
 * What the event store and the read model say of each case against its plan: events exactly
 * the expected types in order (none missing, none doubled), seq 1..n without a gap, the read
 * model's stage and lastSeq those of the history. One line per problem; empty when all is well.
 */
export async function historyProblems(dataSource: DataSource, planned: PlannedCase[]): Promise<string[]> {
  const ids = planned.map((p) => p.caseId);
  const events: { case_id: string; seq: number; type: string }[] = await dataSource.query(
    'SELECT case_id, seq, type FROM case_events WHERE case_id = ANY($1) ORDER BY case_id, seq',
    [ids],
  );
  const rows: { id: string; stage: string; last_seq: number }[] = await dataSource.query(
    'SELECT id, stage, last_seq FROM cases WHERE id = ANY($1)',
    [ids],
  );
  const byCase = new Map<string, { seq: number; type: string }[]>();
  for (const e of events) byCase.set(e.case_id, [...(byCase.get(e.case_id) ?? []), e]);
  const rowOf = new Map(rows.map((r) => [r.id, r]));

  return planned.flatMap(({ caseId, steps }) => {
    const expected = expectedAfter(steps);
    const own = byCase.get(caseId) ?? [];
    const types = own.map((e) => e.type);
    const problems: string[] = [];
    if (JSON.stringify(types) !== JSON.stringify(expected.events)) {
      problems.push(`events ${types.join(',')} instead of ${expected.events.join(',')}`);
    }
    if (own.some((e, i) => e.seq !== i + 1))
      problems.push(`seq ${own.map((e) => e.seq).join(',')} not 1..${own.length}`);
    const row = rowOf.get(caseId);
    if (!row) problems.push('no read-model row');
    else {
      if (row.stage !== expected.stage) problems.push(`read model stage ${row.stage} instead of ${expected.stage}`);
      if (row.last_seq !== own.length) problems.push(`read model lastSeq ${row.last_seq}, max event seq ${own.length}`);
    }
    return problems.map((p) => `${caseId} (${steps} steps): ${p}`);
  });
}

/** The workflows' own view: each case's stage and lastSeq as its caseState query answers. */
export async function workflowProblems(cases: CaseDriver, planned: PlannedCase[]): Promise<string[]> {
  const problems: string[] = [];
  await inPool(planned, 16, async ({ caseId, steps }) => {
    const expected = expectedAfter(steps);
    try {
      const described = await cases.handle(caseId).describe();
      const state: CaseState =
        expected.stage === 'CLOSED'
          ? await cases.handle(caseId).result()
          : await cases.handle(caseId).query(caseStateQuery);
      if (state.stage !== expected.stage)
        problems.push(`${caseId}: workflow stage ${state.stage} instead of ${expected.stage}`);
      if (state.lastSeq !== expected.events.length)
        problems.push(`${caseId}: workflow lastSeq ${state.lastSeq} instead of ${expected.events.length}`);
      if (expected.stage === 'CLOSED' && described.status.name !== 'COMPLETED')
        problems.push(`${caseId}: workflow ${described.status.name}`);
    } catch (error) {
      problems.push(`${caseId}: ${String(error)}`);
    }
  });
  return problems;
}
