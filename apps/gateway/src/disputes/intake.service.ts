import { randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_SLA_POLICY_NAME, type DisputeWorkflowInput, type RepeatParty } from '@app/contracts';
import type { Role } from '@app/domain/enums';
import { IntakeRepository } from '@app/persistence/repositories/intake.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { actorOf, type AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { currentOperationId } from '../common/idempotency.interceptor';
import { KeyPersonService } from '../key-persons/key-person.service';
import { ReporterIntake } from '../key-persons/reporter-intake.service';
import { CaseViewService } from './case-view.service';
import type { CaseListDto, CaseViewDto, CreateDisputeDto, DuplicatesQueryDto } from './dispute.dto';
import { DisputeWorkflowClient } from './dispute-workflow.client';
import { uuidOf } from '../common/derived-id';

/** A party has 3+ cases in 12 months when two earlier ones exist besides this report. */
const REPEAT_PARTY_EARLIER_CASES = 2;

/** The intake window: a new report (any channel) and the clerk's look for duplicates. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly workflow: DisputeWorkflowClient,
    private readonly views: CaseViewService,
    private readonly territory: TerritoryRepository,
    private readonly intake: IntakeRepository,
    private readonly slaSettings: SlaSettingsRepository,
    private readonly keyPersons: KeyPersonService,
    private readonly reporters: ReporterIntake,
  ) {}

  /**
   * Starts the case's workflow and answers once the workflow has recorded it. `source`: a finding
   * of a screening drive (docs/screening-drives.md) names its case (so that a retry finds the
   * workflow its first attempt started) and its drive, which the report carries into its record.
   */
  async register(
    user: AuthUser,
    dto: CreateDisputeDto,
    source?: { caseId: string; screeningDriveId: string },
  ): Promise<CaseViewDto> {
    const role: Role = user.roles.includes('CLERK')
      ? 'CLERK'
      : user.roles.includes('GRID_WORKER')
        ? 'GRID_WORKER'
        : 'REPORTER';
    // A resident reporter (民情联络员) reports in their resident group's grid, through their channel.
    await this.reporters.check(user, role, dto);
    if (dto.acceptNow && role !== 'CLERK')
      throw ApiError.forbidden('only a CLERK may accept a report at once (acceptNow)');
    if (!dto.parties.some((party) => party.role === 'APPLICANT')) {
      throw ApiError.rule(['parties: at least one party must have the role APPLICANT']);
    }
    const grid = await this.territory.findGrid(dto.gridCode);
    if (!grid) throw ApiError.rule([`gridCode: unknown grid "${dto.gridCode}"`]);
    if (!grid.active) throw ApiError.rule([`gridCode: grid "${dto.gridCode}" is deactivated and takes no new report`]);
    const parties = dto.parties.map(({ role: partyRole, name, phone, idNumber }) => ({
      role: partyRole,
      name,
      phone,
      idNumber,
    }));
    const repeatParty = await this.repeatPartyOf(parties);
    // Under an Idempotency-Key every attempt names the same case, so a retry after a crash finds
    // the workflow its first attempt started instead of registering the report twice.
    const operation = currentOperationId();
    const caseId = source?.caseId ?? (operation ? uuidOf(operation) : randomUUID());
    // The intake's deadlines come from the SLA settings in force now: read here, they travel in the
    // workflow's input and spare the worker a local activity per intake (issue 16).
    const reportedAt = new Date();
    const slaSettings = await this.slaSettings.given(DEFAULT_SLA_POLICY_NAME, reportedAt);
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
        parties,
        ...(repeatParty && { repeatParty }),
        ...(source && { screeningDriveId: source.screeningDriveId }),
      },
      reportedBy: actorOf(user, role),
      acceptNow: dto.acceptNow ?? false,
      reportedAt: reportedAt.toISOString(),
      // DOMAIN.md: the repeat-party flag raises severity to MAJOR.
      severity: repeatParty ? 'MAJOR' : 'NORMAL',
      slaSettings,
    };
    const state = await this.workflow.start(input, !!operation || !!source);
    // A party whose phone or ID number is a key person's links the case to them (docs/key-persons.md).
    await this.keyPersons.linkReport(caseId, parties);
    return this.views.view(user, await this.views.requireRow(caseId), state);
  }

  async duplicates(user: AuthUser, query: DuplicatesQueryDto): Promise<CaseListDto> {
    if (!query.phone && !query.idNumber && !(query.address && query.category)) {
      throw ApiError.rule(['give phone, idNumber, or address together with category']);
    }
    const { limit, cursor, ...match } = query;
    const page = await this.intake.findDuplicates(match, { limit, cursor });
    return { items: page.items.map((row) => this.views.view(user, row, undefined, true)), nextCursor: page.nextCursor };
  }

  /** The repeat-party flag for a new report: its parties' other cases in 12 months, when there are enough of them. */
  private async repeatPartyOf(parties: { phone?: string; idNumber?: string }[]): Promise<RepeatParty | undefined> {
    const phones = parties.flatMap((p) => (p.phone ? [p.phone] : []));
    const idNumbers = parties.flatMap((p) => (p.idNumber ? [p.idNumber] : []));
    const earlier = await this.intake.recentCasesOfParties(phones, idNumbers);
    return earlier.length >= REPEAT_PARTY_EARLIER_CASES ? { count: earlier.length, cases: earlier } : undefined;
  }
}
