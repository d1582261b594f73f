import { DataSource } from 'typeorm';
import { OVERDUE_SQL } from './case-read.repository';

export const STATS_GROUP_BY = ['center', 'unit', 'community', 'grid', 'category'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

const GROUP_COLUMN: Record<StatsGroupBy, string> = {
  center: 'center_code',
  unit: 'unit_id',
  community: 'community_code',
  grid: 'grid_code',
  category: 'category',
};

export interface StatsQuery {
  /** Period start, inclusive. */
  from: Date;
  /** Period end, exclusive. */
  to: Date;
  groupBy: StatsGroupBy;
}

export interface Rate {
  /** The denominator: accepted, closed (not REJECTED/MERGED), rated. */
  total: number;
  /** The numerator: accepted within SLA, RESOLVED, satisfied, reopened. */
  count: number;
  /** count / total; null when nothing was counted. */
  rate: number | null;
}

export interface StageTime {
  visits: number;
  meanHours: number;
  p90Hours: number;
}

/** DOMAIN.md "Measures" for one group (the group's key: a center code, unit id, ...; null: none yet). */
export interface GroupMeasures {
  group: string | null;
  timelyAcceptance: Rate;
  resolution: Rate;
  satisfaction: Rate;
  reopen: Rate;
  openByStage: Record<string, number>;
  overdueByStage: Record<string, number>;
  escalationsByLevel: Record<string, number>;
  timePerStage: Record<string, StageTime>;
}

/** One line of the measures query: a metric, its group, its sub-key (stage, level), figures. */
export interface MeasureRow {
  metric: 'acceptance' | 'closure' | 'rating' | 'open' | 'escalation' | 'stage_time';
  grp: string | null;
  sub: string | null;
  total: number;
  hits: number;
  extra: number;
  mean_hours: number | null;
  p90_hours: number | null;
}

const rate = (total: number, count: number): Rate => ({ total, count, rate: total === 0 ? null : count / total });

/** Folds the query's lines into one GroupMeasures per group, groups in key order. Pure. */
export function assembleMeasures(rows: MeasureRow[]): GroupMeasures[] {
  const groups = new Map<string | null, GroupMeasures>();
  const of = (grp: string | null): GroupMeasures => {
    let g = groups.get(grp);
    if (!g) {
      g = {
        group: grp,
        timelyAcceptance: rate(0, 0),
        resolution: rate(0, 0),
        satisfaction: rate(0, 0),
        reopen: rate(0, 0),
        openByStage: {},
        overdueByStage: {},
        escalationsByLevel: {},
        timePerStage: {},
      };
      groups.set(grp, g);
    }
    return g;
  };
  for (const r of rows) {
    const g = of(r.grp);
    const [total, hits, extra] = [Number(r.total), Number(r.hits), Number(r.extra)];
    switch (r.metric) {
      case 'acceptance':
        g.timelyAcceptance = rate(total, hits);
        break;
      case 'closure':
        g.resolution = rate(total, hits);
        g.reopen = rate(total, extra);
        break;
      case 'rating':
        g.satisfaction = rate(total, hits);
        break;
      case 'open':
        g.openByStage[r.sub!] = total;
        if (hits > 0) g.overdueByStage[r.sub!] = hits;
        break;
      case 'escalation':
        g.escalationsByLevel[r.sub!] = total;
        break;
      case 'stage_time':
        g.timePerStage[r.sub!] = { visits: total, meanHours: Number(r.mean_hours), p90Hours: Number(r.p90_hours) };
        break;
    }
  }
  return [...groups.values()].sort((a, b) => (a.group ?? '\uffff').localeCompare(b.group ?? '\uffff'));
}

/**
 * The measures, computed from the read models at query time (measured against maintained
 * aggregates: docs/read-models.md). Period measures count what happened in [from, to): an
 * acceptance, a closure, a rating, an escalation, a stage left. Open and overdue are as of now.
 * Groups are the case's as it stands now (a transferred case counts for its current unit).
 */
export class StatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async measures(query: StatsQuery): Promise<GroupMeasures[]> {
    const key = `c.${GROUP_COLUMN[query.groupBy]}::text`;
    const rows: MeasureRow[] = await this.dataSource.query(
      `WITH visits AS (
         SELECT v.stage, v.next_stage, v.left_at, v.deadline, v.entered_at, ${key} AS grp
           FROM case_stage_visits v JOIN cases c ON c.id = v.case_id
          WHERE v.left_at >= $1 AND v.left_at < $2
       )
       SELECT 'acceptance' AS metric, grp, NULL AS sub, count(*) AS total,
              count(*) FILTER (WHERE deadline IS NULL OR left_at <= deadline) AS hits, 0 AS extra,
              NULL::float8 AS mean_hours, NULL::float8 AS p90_hours
         FROM visits WHERE stage = 'DISCOVERY' AND next_stage = 'ACCEPTANCE' GROUP BY grp
       UNION ALL
       SELECT 'stage_time', grp, stage, count(*), 0, 0,
              avg(extract(epoch FROM left_at - entered_at)) / 3600,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at)) / 3600
         FROM visits GROUP BY grp, stage
       UNION ALL
       SELECT 'closure', ${key}, NULL, count(*), count(*) FILTER (WHERE c.resolution = 'RESOLVED'),
              count(*) FILTER (WHERE c.reopen_count > 0), NULL, NULL
         FROM cases c
        WHERE c.stage = 'CLOSED' AND c.stage_entered_at >= $1 AND c.stage_entered_at < $2
          AND c.resolution NOT IN ('REJECTED', 'MERGED')
        GROUP BY 2
       UNION ALL
       SELECT 'rating', ${key}, NULL, count(*), count(*) FILTER (WHERE r.rating IN ('SATISFIED', 'BASICALLY_SATISFIED')), 0, NULL, NULL
         FROM case_ratings r JOIN cases c ON c.id = r.case_id
        WHERE r.rated_at >= $1 AND r.rated_at < $2
        GROUP BY 2
       UNION ALL
       SELECT 'escalation', ${key}, a.level::text, count(*), 0, 0, NULL, NULL
         FROM alerts a JOIN cases c ON c.id = a.case_id
        WHERE a.kind = 'ESCALATION' AND a.raised_at >= $1 AND a.raised_at < $2
        GROUP BY 2, 3
       UNION ALL
       SELECT 'open', ${key}, c.stage, count(*), count(*) FILTER (WHERE ${OVERDUE_SQL.replace(/(status|stage_deadline)/g, 'c.$1')}), 0, NULL, NULL
         FROM cases c WHERE c.status <> 'CLOSED'
        GROUP BY 2, 3`,
      [query.from, query.to],
    );
    return assembleMeasures(rows);
  }
}
