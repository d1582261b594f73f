import type { DataSource } from 'typeorm';
import { GRID_CENTER } from '@app/domain/enums';
import type { BriefingRate, BriefingSectionKey } from '@app/domain/briefing/briefing';

/**
 * The briefing's 排查覆盖率 (screening drives, docs/screening-drives.md): of the grids covered by
 * the drives that ended in [from, to), those screened (late ones too). By the grid's community
 * (community section); the center section gives the street's whole coverage under the grid
 * center (WG), whose grid workers screen; units do not screen (null: 暂无数据). A group without a
 * drive gets no entry. (协办按时率 comes from /api/stats' own figures: assistanceByAssistingSide in
 * libs/domain/src/briefing/briefing.ts.)
 */
export async function screeningCoverage(
  dataSource: DataSource,
  section: BriefingSectionKey,
  from: Date,
  to: Date,
): Promise<Map<string | null, BriefingRate> | null> {
  if (section === 'unit') return null;
  const rows: { grp: string; total: number; count: number }[] = await dataSource.query(
    `SELECT CASE WHEN $3 THEN g.community_code ELSE $4::text END AS grp,
            count(*)::int AS total, count(r.grid_code)::int AS count
       FROM screening_drives d
       JOIN screening_drive_grids g ON g.drive_id = d.id
       LEFT JOIN screening_records r ON r.drive_id = g.drive_id AND r.grid_code = g.grid_code
      WHERE d.ends_at >= $1 AND d.ends_at < $2
      GROUP BY 1`,
    [from, to, section === 'community', GRID_CENTER],
  );
  return new Map(
    rows.map((row) => [
      row.grp,
      { total: row.total, count: row.count, rate: row.total === 0 ? null : row.count / row.total },
    ]),
  );
}
