import type { GroupMeasures, Rate, StageTime } from '@/api/stats';
import type { Stage } from '@/api/types';
import { rate } from '@app/domain/measures/figures';

export type RateKey = 'timelyAcceptance' | 'resolution' | 'satisfaction' | 'reopen';
export const THREE_RATES = ['timelyAcceptance', 'resolution', 'satisfaction'] as const satisfies readonly RateKey[];

/** A rate over several groups: their counts and totals added (not their rates averaged). */
export function combinedRate(groups: readonly GroupMeasures[], key: RateKey): Rate {
  const total = groups.reduce((sum, group) => sum + group[key].total, 0);
  const count = groups.reduce((sum, group) => sum + group[key].count, 0);
  return rate(total, count);
}

/** 0.8125 → 81.3 (percent, one decimal); null stays null. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** Open or overdue counts of one stage, added over groups. */
export function stageCount(
  groups: readonly GroupMeasures[],
  field: 'openByStage' | 'overdueByStage',
  stage: Stage,
): number {
  return groups.reduce((sum, group) => sum + (group[field][stage] ?? 0), 0);
}

/**
 * A stage's time over several groups: the mean weighted by visits; the 90th percentile only for
 * one group (percentiles of groups cannot be combined into the percentile of all).
 */
export function stageTime(
  groups: readonly GroupMeasures[],
  stage: Stage,
): { meanHours: number | null; p90Hours: number | null } {
  const times = groups
    .map((group) => group.timePerStage[stage])
    .filter((time): time is StageTime => time !== undefined && time.visits > 0);
  const visits = times.reduce((sum, time) => sum + time.visits, 0);
  if (visits === 0) return { meanHours: null, p90Hours: null };
  const meanHours = times.reduce((sum, time) => sum + time.meanHours * time.visits, 0) / visits;
  return { meanHours, p90Hours: groups.length === 1 ? times[0].p90Hours : null };
}

export function escalations(group: GroupMeasures, level: 1 | 2 | 3): number {
  return group.escalationsByLevel[String(level)] ?? 0;
}

/** How much happened in a group: what the rates chart ranks groups by when there are too many to draw. */
export function activity(group: GroupMeasures): number {
  const open = Object.values(group.openByStage).reduce((sum, n) => sum + n, 0);
  return group.timelyAcceptance.total + group.resolution.total + group.satisfaction.total + open;
}
