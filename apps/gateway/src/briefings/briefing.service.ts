import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMonth, monthPeriod } from '@app/domain/briefing/briefing';
import { BriefingGenerator } from '@app/persistence/briefing/briefing-generator';
import {
  BriefingRepository,
  type BriefingRecord,
  type BriefingSummary,
} from '@app/persistence/briefing/briefing.repository';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import type {
  BriefingDto,
  BriefingListDto,
  BriefingListQueryDto,
  BriefingSummaryDto,
  CreateBriefingDto,
} from './briefing.dto';

const summaryDto = (b: BriefingSummary): BriefingSummaryDto => ({
  id: b.id,
  kind: b.kind,
  month: b.month,
  from: new Date(b.from).toISOString(),
  to: new Date(b.to).toISOString(),
  generatedAt: new Date(b.generatedAt).toISOString(),
  generatedBy: b.generatedBy,
  generatedByName: b.generatedByName,
});

export const briefingDto = (b: BriefingRecord): BriefingDto => ({ ...summaryDto(b), figures: b.figures });

/** The kept briefings (通报): list, one, generate on demand (docs/briefing.md). */
@Injectable()
export class BriefingService {
  private readonly repository: BriefingRepository;
  private readonly generator: BriefingGenerator;

  constructor(dataSource: DataSource, stats: StatsRepository) {
    this.repository = new BriefingRepository(dataSource);
    // The gateway's StatsRepository: the same instance (and kept totals) GET /api/stats reads with.
    this.generator = new BriefingGenerator(dataSource, stats);
  }

  async list(query: BriefingListQueryDto): Promise<BriefingListDto> {
    // A cursor no list handed out is 422, by the exception filter (InvalidCursorError).
    const page = await this.repository.list({ limit: query.limit, cursor: query.cursor });
    return { items: page.items.map(summaryDto), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<BriefingRecord> {
    const briefing = await this.repository.findById(id);
    if (!briefing) throw ApiError.notFound('briefing');
    return briefing;
  }

  /**
   * A month's briefing (kept as the month's when none is yet, else a new reading of the month),
   * or one of any period that has ended (`to` left out: until now).
   */
  async create(user: AuthUser, dto: CreateBriefingDto, now = new Date()): Promise<BriefingDto> {
    const problems: string[] = [];
    const hasPeriod = dto.from !== undefined || dto.to !== undefined;
    if (dto.month !== undefined && hasPeriod) problems.push('month: give month, or from (and to), not both');
    if (dto.month === undefined && !hasPeriod) problems.push('month: give month, or from and to');
    if (dto.month === undefined && dto.from === undefined && dto.to !== undefined)
      problems.push('from: required with to');
    if (problems.length > 0) throw ApiError.rule(problems);
    if (dto.month !== undefined) {
      if (!isMonth(dto.month)) throw ApiError.validation(['month must be YYYY-MM']);
      const { to } = monthPeriod(dto.month);
      if (to > now) throw ApiError.rule([`month: ${dto.month} has not ended yet; give from and to for a part of it`]);
      const monthly = await this.generator.generate({ kind: 'MONTHLY', month: dto.month, by: user.id }, now);
      if (monthly.created) return briefingDto(monthly.briefing);
      const { from } = monthPeriod(dto.month);
      return briefingDto(
        (await this.generator.generate({ kind: 'ON_DEMAND', from, to, month: dto.month, by: user.id }, now)).briefing,
      );
    }
    const from = new Date(dto.from!);
    // No `to`: until now, as GET /api/stats.
    const to = dto.to === undefined ? now : new Date(dto.to);
    if (from >= to) throw ApiError.rule(['from: must be before to']);
    if (to > now) throw ApiError.rule(['to: must not be in the future']);
    return briefingDto((await this.generator.generate({ kind: 'ON_DEMAND', from, to, by: user.id }, now)).briefing);
  }
}
