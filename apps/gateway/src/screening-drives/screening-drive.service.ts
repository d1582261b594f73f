import { createHash, randomUUID } from 'crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SCREENING_DRIVE_WORKFLOW_TYPE, screeningDriveWorkflowId } from '@app/contracts';
import {
  coveredGrids,
  DRIVE_OPENER_MIN_LEVEL,
  driveCoverage,
  drivePoints,
  driveStatus,
  openDriveProblems,
  screeningProblems,
  screeningTiming,
} from '@app/domain/screening/drive-rules';
import {
  communityNames,
  ScreeningDriveRepository,
  type DriveGridRow,
  type DriveRow,
} from '@app/persistence/repositories/screening-drive.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { currentOperationId } from '../common/idempotency.interceptor';
import { IntakeService } from '../disputes/intake.service';
import { TemporalClientProvider } from '../infrastructure/temporal.module';
import type {
  DriveDetailDto,
  DriveDto,
  DriveGridDto,
  DriveListDto,
  DriveListQueryDto,
  MyDriveDto,
  MyDriveListDto,
  OpenDriveDto,
  RecordScreeningDto,
} from './screening-drive.dto';
import { uuidOf } from '../common/derived-id';

/** The channel of a finding: the grid worker's patrol. */
const FINDING_CHANNEL = 'GRID_PATROL';

/**
 * Screening drives (矛盾纠纷大排查, docs/screening-drives.md): opened by a supervisor of level 2
 * or 3, screened grid by grid by the grids' workers, each finding a report in 发现, watched by a
 * Temporal workflow that warns and escalates the grids left unscreened.
 */
@Injectable()
export class ScreeningDriveService {
  constructor(
    private readonly drives: ScreeningDriveRepository,
    private readonly users: UserRepository,
    private readonly intake: IntakeService,
    private readonly temporal: TemporalClientProvider,
    private readonly dataSource: DataSource,
  ) {}

  async open(user: AuthUser, dto: OpenDriveDto): Promise<DriveDetailDto> {
    if ((user.supervisorLevel ?? 1) < DRIVE_OPENER_MIN_LEVEL)
      throw ApiError.forbidden('a screening drive is opened by a supervisor of level 2 or 3');
    const now = new Date();
    const input = {
      title: dto.title,
      startsAt: dto.startsAt ? new Date(dto.startsAt) : now,
      endsAt: new Date(dto.endsAt),
      communityCodes: [...new Set(dto.communityCodes ?? [])],
      gridCodes: [...new Set(dto.gridCodes ?? [])],
    };
    const territory = await this.drives.territory();
    const problems = openDriveProblems(input, territory, now);
    if (problems.length > 0) throw ApiError.rule(problems);
    // Under an Idempotency-Key a retry names the same drive (and finds the drive and its workflow).
    const operation = currentOperationId();
    const id = operation
      ? uuidOf(createHash('sha256').update(`screening-drive:${operation}`).digest('hex'))
      : randomUUID();
    await this.drives.open({ id, ...input, openedBy: user.id, grids: coveredGrids(input, territory) });
    // After the drive is stored, so that the workflow finds it. Temporal down: 503; the drive stays,
    // and a retry under the same Idempotency-Key starts its workflow.
    await this.temporal.call((client) =>
      client.workflow.start(SCREENING_DRIVE_WORKFLOW_TYPE, {
        workflowId: screeningDriveWorkflowId(id),
        taskQueue: this.temporal.taskQueue,
        args: [{ driveId: id }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
    return this.detail(id);
  }

  async list(query: DriveListQueryDto): Promise<DriveListDto> {
    const page = await this.drives.list({ page: { limit: query.limit, cursor: query.cursor } });
    return { items: page.items.map((row) => driveDto(row)), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<DriveDetailDto> {
    return this.detail(id);
  }

  /** The drives that cover the grid worker's own grid, with that grid's screening. */
  async mine(user: AuthUser, query: DriveListQueryDto): Promise<MyDriveListDto> {
    const gridCode = await this.ownGrid(user);
    const page = await this.drives.list({ gridCode, page: { limit: query.limit, cursor: query.cursor } });
    const items: MyDriveDto[] = [];
    for (const row of page.items) {
      const grid = await this.drives.grid(row.id, gridCode);
      items.push({ ...driveDto(row), myGrid: gridDto(grid!) });
    }
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * A grid worker records their grid's screening: nothing found, or findings, each of which
   * becomes a report in 发现 (channel GRID_PATROL) carrying the drive's id. The cases are started
   * first under ids made of (drive, grid, finding), then the screening is stored with them in one
   * transaction: a retry after a failure starts no case twice and never stores half a screening.
   */
  async screen(user: AuthUser, id: string, dto: RecordScreeningDto): Promise<MyDriveDto> {
    const drive = await this.require(id);
    const gridCode = await this.ownGrid(user);
    const grid = await this.drives.grid(id, gridCode);
    if (!grid) throw ApiError.forbidden(`your grid ${gridCode} is not covered by this drive`);
    // Every finding checked before any is reported: a refusal leaves no report behind.
    const problems = [
      ...screeningProblems(dto),
      ...(dto.nothingFound ? [] : (dto.findings ?? [])).flatMap((finding, i) =>
        finding.parties.some((party) => party.role === 'APPLICANT')
          ? []
          : [`findings.${i}.parties: at least one party must have the role APPLICANT`],
      ),
    ];
    if (problems.length > 0) throw ApiError.rule(problems);
    const timing = screeningTiming(new Date(drive.startsAt), new Date(drive.endsAt), new Date());
    if (timing === 'EARLY')
      throw ApiError.rule([
        `drive: the drive starts at ${new Date(drive.startsAt).toISOString()}, screen from then on`,
      ]);
    if (grid.screenedAt) throw alreadyScreened(gridCode);
    const findings = dto.nothingFound ? [] : (dto.findings ?? []);
    const caseIds: string[] = [];
    for (const [position, finding] of findings.entries()) {
      const caseId = uuidOf(
        createHash('sha256').update(`screening-finding:${id}:${gridCode}:${position}`).digest('hex'),
      );
      await this.intake.register(
        user,
        { ...finding, channel: FINDING_CHANNEL, gridCode, acceptNow: false },
        { caseId, screeningDriveId: id },
      );
      caseIds.push(caseId);
    }
    const stored = await this.drives.recordScreening({
      driveId: id,
      gridCode,
      nothingFound: findings.length === 0,
      note: dto.note ?? null,
      late: timing === 'LATE',
      screenedBy: user.id,
      caseIds,
    });
    if (!stored) throw alreadyScreened(gridCode);
    const row = (await this.drives.findById(id))!;
    return { ...driveDto(row), myGrid: gridDto((await this.drives.grid(id, gridCode))!) };
  }

  private async detail(id: string): Promise<DriveDetailDto> {
    const drive = await this.require(id);
    const [grids, findings, events] = await Promise.all([
      this.drives.grids(id),
      this.drives.findings(id),
      this.drives.events(id),
    ]);
    const coverage = driveCoverage(
      grids.map((g) => ({ communityCode: g.communityCode, screened: g.screenedAt !== null, findings: g.findingCount })),
    );
    const names = await communityNames(
      this.dataSource,
      coverage.byCommunity.map((c) => c.communityCode),
    );
    return {
      ...driveDto(drive),
      coverage: coverage.byCommunity.map((c) => ({ ...c, communityName: names.get(c.communityCode) ?? null })),
      grids: grids.map(gridDto),
      cases: findings.map((f) => ({
        gridCode: f.gridCode,
        caseId: f.caseId,
        caseNo: f.caseNo,
        summary: f.summary,
        category: f.category,
        stage: f.stage,
        status: f.status,
      })),
      events: events.map((e) => ({
        seq: e.seq,
        type: e.type,
        actorId: e.actorId,
        at: new Date(e.at).toISOString(),
        payload: e.payload,
      })),
    };
  }

  private async require(id: string): Promise<DriveRow> {
    const drive = await this.drives.findById(id);
    if (!drive) throw ApiError.notFound(`screening drive ${id}`);
    return drive;
  }

  private async ownGrid(user: AuthUser): Promise<string> {
    const account = await this.users.findActiveById(user.id);
    if (!account?.gridCode) throw ApiError.forbidden('this GRID_WORKER account has no grid: ask the administrator');
    return account.gridCode;
  }
}

function alreadyScreened(gridCode: string): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'CONFLICT', `grid ${gridCode} was screened in this drive already`);
}

function driveDto(row: DriveRow): DriveDto {
  const startsAt = new Date(row.startsAt);
  const endsAt = new Date(row.endsAt);
  return {
    id: row.id,
    title: row.title,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    warningAt: drivePoints(startsAt, endsAt)[0].at,
    status: driveStatus(startsAt, endsAt, new Date()),
    communityCodes: row.communityCodes,
    gridCodes: row.gridCodes,
    openedBy: row.openedBy,
    openedByName: row.openedByName,
    openedAt: new Date(row.openedAt).toISOString(),
    closedAt: row.closedAt ? new Date(row.closedAt).toISOString() : null,
    covered: row.covered,
    screened: row.screened,
    findings: row.findings,
  };
}

function gridDto(g: DriveGridRow): DriveGridDto {
  return {
    gridCode: g.gridCode,
    gridName: g.gridName,
    communityCode: g.communityCode,
    screened: g.screenedAt !== null,
    nothingFound: g.nothingFound,
    findingCount: g.findingCount,
    screenedAt: g.screenedAt ? new Date(g.screenedAt).toISOString() : null,
    screenedBy: g.screenedBy,
    screenedByName: g.screenedByName,
    late: g.late,
    note: g.note,
  };
}
