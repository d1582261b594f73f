import { HttpStatus, Injectable } from '@nestjs/common';
import { submitEvaluationUpdate } from '@app/contracts';
import { normalizeReceiptCode } from '@app/domain/case-number';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import { ReceiptMissRepository } from '@app/persistence/repositories/receipt-miss.repository';
import { ApiError } from '../common/api-error';
import type { EvaluationDto } from '../disputes/dispute.dto';
import { DisputeWorkflowClient } from '../disputes/dispute-workflow.client';
import type { PublicCaseDto } from './public-case.dto';

/** Misses allowed per address in the window before further look-ups are refused for a while. */
export const MISSES_ALLOWED = 10;
export const MISS_WINDOW_SECONDS = 600;

@Injectable()
export class PublicCaseService {
  constructor(
    private readonly cases: CaseReadRepository,
    private readonly workflow: DisputeWorkflowClient,
    private readonly misses: ReceiptMissRepository,
  ) {}

  async status(address: string, receiptCode: string): Promise<PublicCaseDto> {
    const row = await this.findCase(address, receiptCode);
    const state = await this.workflow.state(row.id);
    return {
      caseNo: state?.caseNo ?? row.caseNo,
      stage: state?.stage ?? row.stage,
      status: state?.status ?? row.status,
      updatedAt: state?.updatedAt ?? row.updatedAt.toISOString(),
    };
  }

  /** Only in EVALUATION, once: the workflow refuses anything else with 409. */
  async evaluate(address: string, receiptCode: string, dto: EvaluationDto): Promise<PublicCaseDto> {
    await this.refuseIfThrottled(address);
    // The SLA settings the update carries are read while the code is looked up.
    const settings = this.workflow.slaSettingsFor(submitEvaluationUpdate.name);
    settings.catch(() => undefined);
    const row = await this.caseByCode(address, receiptCode);
    // A party is known by the receipt code alone.
    const state = await this.workflow.update(
      row.id,
      submitEvaluationUpdate,
      { ...dto, actor: { userId: 'party', role: 'PARTY', unitIds: [] } },
      settings,
    );
    return { caseNo: state.caseNo ?? null, stage: state.stage, status: state.status, updatedAt: state.updatedAt };
  }

  /** A wrong code is 404, and an address with many recent misses is refused for a while. */
  private async findCase(address: string, receiptCode: string): Promise<CaseEntity> {
    await this.refuseIfThrottled(address);
    return this.caseByCode(address, receiptCode);
  }

  private async refuseIfThrottled(address: string): Promise<void> {
    if ((await this.misses.recentMisses(address, MISS_WINDOW_SECONDS)) >= MISSES_ALLOWED) {
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'TOO_MANY_REQUESTS',
        'too many wrong receipt codes from this address; try again later',
      );
    }
  }

  private async caseByCode(address: string, receiptCode: string): Promise<CaseEntity> {
    const code = normalizeReceiptCode(receiptCode);
    const row = code ? await this.cases.findByReceiptCode(code) : null;
    if (!row) {
      await this.misses.recordMiss(address);
      throw ApiError.notFound('case with this receipt code');
    }
    return row;
  }
}
