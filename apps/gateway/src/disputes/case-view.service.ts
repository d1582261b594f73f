import { Injectable } from '@nestjs/common';
import type { CaseState } from '@app/contracts';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { AuditService, personalDataIn, type RevealView } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { canSeeCase, maskIdNumber, maskPhone, seesPersonalData } from './case-access';
import type { CaseViewDto } from './dispute.dto';

/**
 * The case record as a caller may see it: found and visible (or 404/403), shown as API.md shows
 * it with personal data masked for the roles it is masked for, and every whole phone or ID number
 * that leaves recorded in the audit trail.
 */
@Injectable()
export class CaseViewService {
  constructor(
    private readonly cases: CaseReadRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async requireRow(caseId: string): Promise<CaseEntity> {
    const row = await this.cases.findById(caseId);
    if (!row) throw ApiError.notFound(`case ${caseId}`);
    return row;
  }

  async visibleCase(user: AuthUser, caseId: string): Promise<CaseEntity> {
    const row = await this.requireRow(caseId);
    if (!canSeeCase(user, row))
      throw ApiError.forbidden(`case ${row.caseNo ?? caseId} is outside your pools, center or reports`);
    return row;
  }

  async withAssigneeName(view: CaseViewDto): Promise<CaseViewDto> {
    if (!view.assigneeId) return view;
    return { ...view, assigneeName: (await this.users.displayNames([view.assigneeId])).get(view.assigneeId) };
  }

  /**
   * Phone or ID numbers about to be shown whole (a role that sees personal data, a case that has
   * some): the audit trail records who saw which case's, before the answer leaves.
   */
  async recordReveal(user: AuthUser, row: CaseEntity, view: RevealView, shown: unknown): Promise<void> {
    if (!seesPersonalData(user)) return;
    const revealed = personalDataIn(shown);
    if (revealed.parties === 0) return;
    await this.audit.personalDataRevealed(user, { id: row.id, caseNo: row.caseNo }, view, revealed);
  }

  /** The case as API.md shows it: workflow state over the read model; personal data masked in lists. */
  view(user: AuthUser, row: CaseEntity, state: CaseState | undefined, list = false): CaseViewDto {
    const deadline = state?.stageDeadline ?? row.stageDeadline?.toISOString();
    const status = state?.status ?? row.status;
    const mask = list || !seesPersonalData(user);
    return {
      id: row.id,
      caseNo: state?.caseNo ?? row.caseNo ?? undefined,
      receiptCode: state?.receiptCode ?? row.receiptCode ?? undefined,
      stage: state?.stage ?? row.stage,
      status,
      category: row.category,
      summary: row.summary,
      parties: row.parties.map((p) =>
        mask ? { ...p, phone: p.phone && maskPhone(p.phone), idNumber: p.idNumber && maskIdNumber(p.idNumber) } : p,
      ),
      gridCode: row.gridCode,
      centerCode: state?.centerCode ?? row.centerCode ?? undefined,
      unitId: state?.unitId ?? row.unitId ?? undefined,
      assigneeId: state?.assigneeId ?? row.assigneeId ?? undefined,
      severity: state?.severity ?? row.severity,
      slaClass: state?.slaClass ?? row.slaClass,
      stageEnteredAt: state?.stageEnteredAt ?? row.stageEnteredAt.toISOString(),
      stageDeadline: deadline,
      overdue: deadline !== undefined && status === 'OPEN' && Date.parse(deadline) < Date.now(),
      escalationLevel: state?.escalationLevel ?? row.escalationLevel,
      reopenCount: state?.reopenCount ?? row.reopenCount,
      repeatParty: row.repeatParty ?? null,
      resolution: state?.resolution ?? row.resolution ?? undefined,
      handlingOutcome: state?.handlingOutcome,
      extension: state?.extension,
      createdAt: row.createdAt.toISOString(),
      updatedAt: state?.updatedAt ?? row.updatedAt.toISOString(),
    };
  }
}
