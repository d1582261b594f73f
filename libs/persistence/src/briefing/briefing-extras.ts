import type { DataSource } from 'typeorm';
import type { BriefingExtraFigures, BriefingRate, BriefingSectionKey } from '@app/domain/briefing/briefing';

/**
 * The briefing's two columns whose data come from other parts of issue 18 (docs/briefing.md):
 * - 协办按时率 (assistanceOnTime), joint handling (docs/joint-handling.md): of the assistances
 *   requested in [from, to) and not withdrawn that are answered or past their deadline as of the
 *   briefing, those answered by their deadline. It measures the assisting side, who had to
 *   answer: grouped by the assisting unit (unit section), its center (center section) and its
 *   community (community section; street-level units have none and are left out there).
 * - 排查覆盖率 (screeningCoverage), screening drives (docs/screening-drives.md): of the grids
 *   covered by the drives that ended in [from, to), those screened (late ones too). By the grid's
 *   community (community section); the center section gives the street's whole coverage under
 *   the grid center (WG), whose grid workers screen; units do not screen (null: 暂无数据).
 * Each answer maps the group key to `{ total, count, rate }` (rate = count / total, null when
 * total is 0); a group without any gets no entry and shows 暂无数据 in its row.
 */
export interface BriefingExtraReader {
  read(section: BriefingSectionKey, from: Date, to: Date, asOf?: Date): Promise<BriefingExtraFigures>;
}

type GroupRates = Map<string | null, BriefingRate>;

const ASSISTING_KEY: Record<BriefingSectionKey, string> = {
  center: 'a.center_code',
  unit: 'a.unit_id::text',
  community: 'u.community_code',
};

export class BriefingExtras implements BriefingExtraReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(section: BriefingSectionKey, from: Date, to: Date, asOf = new Date()): Promise<BriefingExtraFigures> {
    const [assistanceOnTime, screeningCoverage] = await Promise.all([
      this.assistanceOnTime(section, from, to, asOf),
      this.screeningCoverage(section, from, to),
    ]);
    return { assistanceOnTime, screeningCoverage };
  }

  protected async assistanceOnTime(section: BriefingSectionKey, from: Date, to: Date, asOf: Date): Promise<GroupRates> {
    const key = ASSISTING_KEY[section];
    const rows: { grp: string | null; total: number; count: number }[] = await this.dataSource.query(
      `SELECT ${key} AS grp, count(*)::int AS total, count(*) FILTER (WHERE a.on_time)::int AS count
         FROM case_assistances a LEFT JOIN units u ON u.id = a.unit_id
        WHERE a.requested_at >= $1 AND a.requested_at < $2 AND a.status <> 'WITHDRAWN'
          AND (a.status = 'ANSWERED' OR a.deadline <= $3) AND ${key} IS NOT NULL
        GROUP BY 1`,
      [from, to, asOf],
    );
    return rates(rows);
  }

  protected async screeningCoverage(section: BriefingSectionKey, from: Date, to: Date): Promise<GroupRates | null> {
    if (section === 'unit') return null;
    const rows: { grp: string | null; total: number; count: number }[] = await this.dataSource.query(
      `SELECT ${section === 'community' ? 'g.community_code' : `'WG'`} AS grp,
              count(*)::int AS total, count(r.grid_code)::int AS count
         FROM screening_drives d
         JOIN screening_drive_grids g ON g.drive_id = d.id
         LEFT JOIN screening_records r ON r.drive_id = g.drive_id AND r.grid_code = g.grid_code
        WHERE d.ends_at >= $1 AND d.ends_at < $2
        GROUP BY 1`,
      [from, to],
    );
    return rates(rows);
  }
}

function rates(rows: { grp: string | null; total: number; count: number }[]): GroupRates {
  return new Map(
    rows.map((row) => [
      row.grp,
      { total: row.total, count: row.count, rate: row.total === 0 ? null : row.count / row.total },
    ]),
  );
}
