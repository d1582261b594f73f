import { randomUUID } from 'crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  acceptDisputeUpdate,
  awaitRegistrationUpdate,
  caseStateQuery,
  disputeWorkflowId,
  DISPUTE_WORKFLOW_TYPE,
  type CaseState,
  type DisputeWorkflowInput,
} from '@app/contracts';
import type { Role } from '@app/domain/enums';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { disputeWorkflow } from '@app/workflows/dispute.workflow';
import { actorOf, type AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { TemporalClientProvider } from '../infrastructure/temporal.module';
import type { CaseViewDto, CreateDisputeDto } from './dispute.dto';
import { toApiError } from './workflow-errors';

@Injectable()
export class DisputeService {
  constructor(
    private readonly temporal: TemporalClientProvider,
    private readonly cases: CaseReadRepository,
    private readonly territory: TerritoryRepository,
  ) {}

  /** Starts the case's workflow and answers once the workflow has recorded it. */
  async register(user: AuthUser, dto: CreateDisputeDto): Promise<CaseViewDto> {
    const role: Role = user.roles.includes('CLERK') ? 'CLERK' : 'GRID_WORKER';
    if (dto.acceptNow && role !== 'CLERK') throw ApiError.forbidden('only a CLERK may accept a report at once (acceptNow)');
    if (!dto.parties.some((party) => party.role === 'APPLICANT')) {
      throw ApiError.validation(['parties: at least one party must have the role APPLICANT']);
    }
    if (!(await this.territory.findGrid(dto.gridCode))) {
      throw ApiError.validation([`gridCode: unknown grid "${dto.gridCode}"`]);
    }
    const caseId = randomUUID();
    const input: DisputeWorkflowInput = {
      caseId,
      report: {
        channel: dto.channel,
        category: dto.category,
        summary: dto.summary,
        description: dto.description,
        gridCode: dto.gridCode,
        address: dto.address,
        occurredAt: dto.occurredAt,
        urgent: dto.urgent ?? false,
        parties: dto.parties.map(({ role: partyRole, name, phone, idNumber }) => ({ role: partyRole, name, phone, idNumber })),
      },
      reportedBy: actorOf(user, role),
      acceptNow: dto.acceptNow ?? false,
      reportedAt: new Date().toISOString(),
    };
    const client = await this.temporal.get();
    const state = await client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof disputeWorkflow>(DISPUTE_WORKFLOW_TYPE, {
        workflowId: disputeWorkflowId(caseId),
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });
    return this.view(caseId, state);
  }

  async get(caseId: string): Promise<CaseViewDto> {
    return this.view(caseId, await this.queryState(caseId));
  }

  async accept(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    const handle = (await this.temporal.get()).workflow.getHandle(disputeWorkflowId(caseId));
    await this.requireCase(caseId);
    try {
      const state = await handle.executeUpdate(acceptDisputeUpdate, { args: [{ actor: actorOf(user, 'CLERK') }] });
      return this.view(caseId, state);
    } catch (error) {
      throw toApiError(error);
    }
  }

  private async requireCase(caseId: string): Promise<CaseEntity> {
    const row = await this.cases.findById(caseId);
    if (!row) throw ApiError.notFound(`case ${caseId}`);
    return row;
  }

  /** The workflow is the authority on state; a case whose history is gone keeps its read model. */
  private async queryState(caseId: string): Promise<CaseState | undefined> {
    try {
      return await (await this.temporal.get()).workflow.getHandle(disputeWorkflowId(caseId)).query(caseStateQuery);
    } catch (error) {
      const mapped = toApiError(error);
      if (mapped instanceof ApiError && mapped.getStatus() === HttpStatus.NOT_FOUND) return undefined;
      throw error;
    }
  }

  private async view(caseId: string, state: CaseState | undefined): Promise<CaseViewDto> {
    const row = await this.requireCase(caseId);
    const deadline = state?.stageDeadline ?? row.stageDeadline?.toISOString();
    return {
      id: row.id,
      caseNo: state?.caseNo ?? row.caseNo ?? undefined,
      receiptCode: state?.receiptCode ?? row.receiptCode ?? undefined,
      stage: state?.stage ?? row.stage,
      status: state?.status ?? row.status,
      category: row.category,
      summary: row.summary,
      parties: row.parties,
      gridCode: row.gridCode,
      centerCode: state?.centerCode ?? row.centerCode ?? undefined,
      unitId: state?.unitId ?? row.unitId ?? undefined,
      assigneeId: state?.assigneeId ?? row.assigneeId ?? undefined,
      severity: state?.severity ?? row.severity,
      slaClass: state?.slaClass ?? row.slaClass,
      stageDeadline: deadline,
      overdue: deadline !== undefined && (state?.status ?? row.status) !== 'CLOSED' && Date.parse(deadline) < Date.now(),
      escalationLevel: state?.escalationLevel ?? row.escalationLevel,
      reopenCount: state?.reopenCount ?? row.reopenCount,
      resolution: state?.resolution ?? row.resolution ?? undefined,
      createdAt: row.createdAt.toISOString(),
      updatedAt: state?.updatedAt ?? row.updatedAt.toISOString(),
    };
  }
}
