import type { GroupMeasures } from '@app/domain/measures/figures';
import type { MeasureDim } from '@app/domain/measures/totals';
import type { StatsRepository } from './repositories/stats.repository';

/** The answer of GET /api/stats: the measures of [from, to) per group. */
export interface StatsAnswer {
  from: string;
  to: string;
  groupBy: MeasureDim;
  groups: GroupMeasures[];
}

/**
 * The one way the measures are read for a period and a grouping: GET /api/stats (through
 * apps/gateway/src/stats/stats.service.ts, which settles the default period) and the briefing
 * (briefing-generator.ts, in the gateway and in the worker, which has no Nest) both call this, so a
 * briefing's figures are those of /api/stats by construction.
 */
export async function readStats(
  stats: StatsRepository,
  query: { from: Date; to: Date; groupBy: MeasureDim },
  now = new Date(),
): Promise<StatsAnswer> {
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    groups: await stats.measures(query, now),
  };
}
