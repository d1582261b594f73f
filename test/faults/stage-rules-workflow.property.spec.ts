import * as fc from 'fast-check';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import {
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  mergeDisputeUpdate,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  rejectDisputeUpdate,
  releaseTaskUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  returnSupervisionUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  suspendDisputeUpdate,
  transferDisputeUpdate,
  withdrawDisputeUpdate,
  type CaseState,
} from '@app/contracts';
import type { Action } from '@app/domain/workflow-rules/stage-rules';
import { CaseDriver } from '../support/case-driver';
import { makeTempDir, OwnPostgres } from '../support/fault-stack';
import {
  applyStep,
  initialCase,
  MODEL_ACTORS,
  pickStep,
  stepChoice,
  type ModelCase,
  type ModelStep,
} from '../support/stage-model';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

/** Fixed by default so CI is repeatable; FC_SEED=<n> tries other sequences (a failure prints its seed). */
const SEED = Number(process.env.FC_SEED ?? 20261128);
const SEQUENCES = 25;
const MAX_ACTIONS = 15;

const UPDATES: Record<Action, UpdateDefinition<CaseState, [never]>> = {
  acceptDispute: acceptDisputeUpdate,
  rejectDispute: rejectDisputeUpdate,
  mergeDispute: mergeDisputeUpdate,
  routeDispute: routeDisputeUpdate,
  claimTask: claimTaskUpdate,
  releaseTask: releaseTaskUpdate,
  reassignTask: reassignTaskUpdate,
  transferDispute: transferDisputeUpdate,
  recordHandling: recordHandlingUpdate,
  completeHandling: completeHandlingUpdate,
  requestExtension: requestExtensionUpdate,
  decideExtension: decideExtensionUpdate,
  recordFollowUp: recordFollowUpUpdate,
  issueSupervisionOrder: issueSupervisionOrderUpdate,
  approveSupervision: approveSupervisionUpdate,
  returnSupervision: returnSupervisionUpdate,
  deliverFeedback: deliverFeedbackUpdate,
  submitEvaluation: submitEvaluationUpdate,
  suspendDispute: suspendDisputeUpdate,
  resumeDispute: resumeDisputeUpdate,
  withdrawDispute: withdrawDisputeUpdate,
} as unknown as Record<Action, UpdateDefinition<CaseState, [never]>>;

/** A well-formed input for the step: whatever the workflow refuses, it refuses for the rules, not the payload. */
function inputFor(step: ModelStep, state: CaseState, mergeTarget: string): Record<string, unknown> {
  const actor = MODEL_ACTORS[step.actor];
  switch (step.action) {
    case 'rejectDispute':
    case 'returnSupervision':
    case 'suspendDispute':
    case 'withdrawDispute':
      return { actor, reason: '性质测试' };
    case 'mergeDispute':
      return { actor, intoCaseId: mergeTarget };
    case 'routeDispute':
      return { actor, centerCode: 'TJ', unitId: step.unitId, severity: 'NORMAL', slaClass: 'GENERAL' };
    case 'transferDispute':
      return { actor, centerCode: 'TJ', unitId: step.unitId, reason: '移交另一社区' };
    case 'reassignTask':
      return { actor, mediatorId: MODEL_ACTORS[step.mediator!].userId };
    case 'recordHandling':
      return { actor, note: '调解', sessionAt: new Date().toISOString(), participants: ['测试甲'] };
    case 'completeHandling':
      return {
        actor,
        outcome: step.outcome,
        summary: '办结',
        ...(step.outcome === 'AGREEMENT' && { agreement: { terms: '维修', fulfilBy: '2026-12-31' } }),
      };
    case 'requestExtension':
      return { actor, days: 3, reason: '等待鉴定' };
    case 'decideExtension':
      return { actor, extensionId: state.extension?.id ?? randomUUID(), approve: step.approve, note: '决定' };
    case 'recordFollowUp':
      return { actor, fulfilled: step.fulfilled, note: '回访' };
    case 'issueSupervisionOrder':
      return { actor, instruction: '限期办理', deadline: new Date(Date.now() + 3 * 86_400_000).toISOString() };
    case 'deliverFeedback':
      return { actor, channel: 'PHONE', content: '电话告知' };
    case 'submitEvaluation':
      return { actor, rating: step.rating };
    default:
      return { actor };
  }
}

/** The facts the model and the workflow must agree on after every step. */
const facts = (c: ModelCase | CaseState) => ({
  stage: c.stage,
  status: c.status,
  assigneeId: c.assigneeId ?? null,
  unitId: c.unitId ?? null,
  reopenCount: c.reopenCount,
  extension: c.extension?.status ?? null,
  resolution: c.resolution ?? null,
});

describe('stage rules against real workflows: random sequences of updates (fast-check, real Temporal + PostgreSQL)', () => {
  let dir: string;
  let pg: OwnPostgres;
  let harness: WorkerHarness;
  let cases: CaseDriver;
  let mergeTarget: string;

  beforeAll(async () => {
    // A database of its own: its cases, routed and claimed at random, stay off the other tests' desks.
    dir = makeTempDir('fault-rules');
    pg = await OwnPostgres.start(dir);
    const config = testConfig({ DATABASE_URL: pg.url });
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
    mergeTarget = (await cases.register({ acceptNow: true })).caseId;
  });
  afterAll(async () => {
    await harness?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`accepts exactly what checkAction allows and lands where the rules say, over ${SEQUENCES} sequences of up to ${MAX_ACTIONS} updates (seed ${SEED})`, async () => {
    let accepted = 0;
    let refused = 0;
    const stagesReached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(stepChoice, { minLength: 5, maxLength: MAX_ACTIONS, size: 'max' }),
        async (acceptNow, choices) => {
          let state = await cases.register({ acceptNow });
          let model = initialCase(acceptNow);
          expect(facts(state)).toEqual(facts(model));
          const trail: string[] = [];
          for (const choice of choices) {
            const step = pickStep(model, choice);
            const expected = applyStep(model, step);
            trail.push(
              `${step.action}/${step.actor} in ${model.stage}/${model.status}: rules say ${expected.check.ok ? 'ok' : expected.check.code}`,
            );
            const where = `case ${state.caseId} after\n  ${trail.join('\n  ')}`;
            try {
              state = await cases.act(state.caseId, UPDATES[step.action], inputFor(step, state, mergeTarget) as never);
              accepted += 1;
              if (!expected.check.ok) throw new Error(`the workflow accepted what the rules refuse: ${where}`);
            } catch (error) {
              if (error instanceof Error && error.message.startsWith('the workflow accepted')) throw error;
              refused += 1;
              if (expected.check.ok)
                throw new Error(`the workflow refused what the rules allow (${String(error)}): ${where}`);
              if (model.stage === 'CLOSED' && error instanceof WorkflowNotFoundError) break; // the run has completed: nothing more to ask
              const code =
                error instanceof WorkflowUpdateFailedError
                  ? (error.cause as { type?: string } | undefined)?.type
                  : String(error);
              if (code !== expected.check.code)
                throw new Error(`refused with ${code}, the rules say ${expected.check.code}: ${where}`);
              state = await cases.handle(state.caseId).query(caseStateQuery);
            }
            model = expected.after;
            stagesReached.add(model.stage);
            if (JSON.stringify(facts(state)) !== JSON.stringify(facts(model))) {
              throw new Error(
                `workflow ${JSON.stringify(facts(state))} but model ${JSON.stringify(facts(model))}: ${where}`,
              );
            }
          }
        },
      ),
      { seed: SEED, numRuns: SEQUENCES, endOnFailure: true },
    );
    console.log(
      `[stage rules vs workflow] ${accepted} updates accepted, ${refused} refused, as the rules said; stages reached: ${[...stagesReached].join(', ')}`,
    );
    // Not vacuous: the sequences went past handling and closed cases.
    for (const stage of ['HANDLING', 'SUPERVISION', 'CLOSED']) expect([...stagesReached]).toContain(stage);
  });
});
