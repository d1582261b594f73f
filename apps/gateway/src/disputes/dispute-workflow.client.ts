import { HttpStatus, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  awaitRegistrationUpdate,
  caseStateQuery,
  DEFAULT_SLA_POLICY_NAME,
  disputeWorkflowId,
  DISPUTE_WORKFLOW_TYPE,
  UPDATES_WITH_SLA_SETTINGS,
  type CaseState,
  type DisputeWorkflowInput,
  type GivenSlaSettings,
} from '@app/contracts';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import type { disputeWorkflow } from '@app/workflows/dispute.workflow';
import { ApiError } from '../common/api-error';
import { currentOperationId } from '../common/idempotency.interceptor';
import { TemporalClientProvider } from '../infrastructure/temporal.module';
import { MetricsService } from '../observability/metrics.service';
import { toApiError } from './workflow-errors';

/**
 * The gateway's one way to the dispute workflow: start it, send it an update, query its state.
 * Intake, case actions, case queries, the task desk and the parties' routes all go through here.
 */
@Injectable()
export class DisputeWorkflowClient {
  constructor(
    private readonly temporal: TemporalClientProvider,
    private readonly metrics: MetricsService,
    private readonly slaSettings: SlaSettingsRepository,
  ) {}

  /**
   * Starts the case's workflow and answers once the workflow has recorded the report. Under an
   * Idempotency-Key (`retryable`) a second attempt joins the workflow its first attempt started.
   * Temporal unreachable or past the call's deadline: 503 TEMPORAL_UNAVAILABLE, nothing recorded.
   */
  async start(input: DisputeWorkflowInput, retryable: boolean): Promise<CaseState> {
    const start = new WithStartWorkflowOperation<typeof disputeWorkflow>(DISPUTE_WORKFLOW_TYPE, {
      workflowId: disputeWorkflowId(input.caseId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: retryable ? 'USE_EXISTING' : 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return this.temporal.call((client) =>
      this.metrics.timeWorkflow('start', DISPUTE_WORKFLOW_TYPE, () =>
        client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, { startWorkflowOperation: start }),
      ),
    );
  }

  /**
   * One update of a known case, under the request's operation id (a retry lands on the same
   * update). The workflow's refusals become 409/403/422; a completed workflow is a closed case.
   * An update that may start or move a clock carries the SLA settings in force now, so the
   * workflow need not read them in a local activity of its own (UPDATES_WITH_SLA_SETTINGS).
   * A caller may pass `settings` read beforehand with slaSettingsFor, beside its own reads.
   */
  async update<I>(
    caseId: string,
    update: UpdateDefinition<CaseState, [I]>,
    input: I,
    settings: Promise<GivenSlaSettings | undefined> = this.slaSettingsFor(update.name),
  ): Promise<CaseState> {
    const slaSettings = await settings;
    if (slaSettings) input = { ...input, slaSettings };
    try {
      return await this.temporal.call((client) =>
        this.metrics.timeWorkflow('update', update.name, () =>
          client.workflow
            .getHandle(disputeWorkflowId(caseId))
            .executeUpdate(update, { args: [input], updateId: currentOperationId() }),
        ),
      );
    } catch (error) {
      throw toApiError(error, true);
    }
  }

  /** The SLA settings in force now, which the update of this name carries; undefined for an update that carries none. */
  async slaSettingsFor(updateName: string): Promise<GivenSlaSettings | undefined> {
    return UPDATES_WITH_SLA_SETTINGS.has(updateName)
      ? this.slaSettings.given(DEFAULT_SLA_POLICY_NAME, new Date())
      : undefined;
  }

  /**
   * The workflow is the authority on state; a case whose history is gone keeps its read model, and
   * so does every read while Temporal is unreachable or slow (TEMPORAL_QUERY_TIMEOUT_MS): the read
   * model is written in the same transaction as each event, so it holds every recorded step.
   */
  async state(caseId: string): Promise<CaseState | undefined> {
    try {
      return await this.temporal.query((client) =>
        client.workflow.getHandle(disputeWorkflowId(caseId)).query(caseStateQuery),
      );
    } catch (error) {
      const mapped = toApiError(error);
      if (mapped instanceof ApiError && mapped.getStatus() === HttpStatus.NOT_FOUND) return undefined;
      throw error;
    }
  }
}
