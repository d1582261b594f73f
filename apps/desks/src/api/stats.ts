import type { components, paths } from './schema';
import { api, unwrap } from './request';

export type StatsQuery = NonNullable<paths['/api/stats']['get']['parameters']['query']>;
export type StatsGroupBy = NonNullable<StatsQuery['groupBy']>;
export type Stats = components['schemas']['StatsDto'];
export type GroupMeasures = components['schemas']['GroupMeasuresDto'];
export type Rate = components['schemas']['RateDto'];
export type StageTime = components['schemas']['StageTimeDto'];

/** The measures of DOMAIN.md per group over a period (from inclusive, to exclusive). */
export function getStats(query: StatsQuery): Promise<Stats> {
  return unwrap(api.GET('/stats', { params: { query } }));
}
