import { Injectable } from '@nestjs/common';
import { officeYear, officeYearStart } from '@app/domain/calendar/office-time';
import type { MeasureDim } from '@app/domain/measures/totals';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { readStats } from '@app/persistence/stats-read';
import { ApiError } from '../common/api-error';
import type { StatsDto } from './stats.dto';

/** The period of a stats answer, [from, to). */
export interface StatsPeriod {
  /** Inclusive; default: 1 January (office time, UTC+8) of the current office year. */
  from?: Date;
  /** Exclusive; default: now. */
  to?: Date;
}

/** How the answer is grouped. */
export interface StatsFilters {
  /** The case's current center, unit, community, grid or category; default: center. */
  groupBy?: MeasureDim;
}

/**
 * The measures of DOMAIN.md (the three rates and the rest) as `/api/stats` answers them. The
 * formulas are libs/domain/src/measures/ (figures.ts), the SQL StatsRepository; this service
 * settles the default period and the grouping; the reading itself is readStats
 * (libs/persistence/src/stats-read.ts), which the monthly briefing calls too (in the gateway and in
 * the worker, which has no Nest).
 */
@Injectable()
export class StatsService {
  constructor(private readonly repository: StatsRepository) {}

  /**
   * The measures per group over the period: the DTO `GET /api/stats` returns, groups in key order
   * (null last). Throws ApiError RULE_VIOLATION (422) when `from` is not before `to`.
   */
  async stats(period: StatsPeriod = {}, filters: StatsFilters = {}): Promise<StatsDto> {
    const now = new Date();
    const from = period.from ?? officeYearStart(officeYear(now));
    const to = period.to ?? now;
    if (from >= to) throw ApiError.rule(['from: must be before to']);
    // The same call as the monthly briefing's (libs/persistence/src/stats-read.ts): its figures are these.
    return readStats(this.repository, { from, to, groupBy: filters.groupBy ?? 'center' }, now);
  }
}
