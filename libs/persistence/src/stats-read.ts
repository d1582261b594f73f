import type { GroupMeasures, StatsGroupBy, StatsRepository } from './repositories/stats.repository';

/** The answer of GET /api/stats: the measures of [from, to) per group. */
export interface StatsAnswer {
  from: string;
  to: string;
  groupBy: StatsGroupBy;
  groups: GroupMeasures[];
}

/**
 * The one way the measures are read for a period and a grouping: GET /api/stats
 * (apps/gateway/src/stats/stats.controller.ts) and the briefing (briefing-generator.ts) both call
 * this, so a briefing's figures are those of /api/stats by construction. To move the measures
 * elsewhere (a stats service), change this function and both follow.
 */
export async function readStats(
  stats: StatsRepository,
  query: { from: Date; to: Date; groupBy: StatsGroupBy },
  now = new Date(),
): Promise<StatsAnswer> {
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    groups: await stats.measures(query, now),
  };
}
