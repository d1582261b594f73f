import type { DataSource } from 'typeorm';
import type { BriefingExtraFigures, BriefingSectionKey } from '@app/domain/briefing/briefing';

/**
 * The briefing's two columns whose data come from other parts of issue 18:
 * - 协办按时率 (assistanceOnTime): assistance requests of joint handling (part 1) answered by their
 *   deadline / answered (or due) in the period, per group of the case's unit, center, community;
 * - 排查覆盖率 (screeningCoverage): grids screened / grids covered by the screening drives
 *   (part 2) of the period, per community (and center, unit when the drive says so).
 *
 * Neither source exists on this branch: each reader answers null ("the data do not exist"),
 * and the briefing shows 暂无数据 in that column. CONNECT HERE after merging parts 1 and 2:
 * make `assistanceOnTime` / `screeningCoverage` read their tables and return a Map from the group
 * key (center code, unit id, community code; null for cases not yet routed) to
 * `{ total, count, rate }` (rate = count / total, null when total is 0), for [from, to).
 * Nothing else changes: the section's `extras` flag, the columns, the workbook, the PDF and the
 * desk page follow from a non-null answer.
 */
export interface BriefingExtraReader {
  read(section: BriefingSectionKey, from: Date, to: Date): Promise<BriefingExtraFigures>;
}

export class BriefingExtras implements BriefingExtraReader {
  constructor(private readonly dataSource: DataSource) {}

  async read(section: BriefingSectionKey, from: Date, to: Date): Promise<BriefingExtraFigures> {
    const [assistanceOnTime, screeningCoverage] = await Promise.all([
      this.assistanceOnTime(section, from, to),
      this.screeningCoverage(section, from, to),
    ]);
    return { assistanceOnTime, screeningCoverage };
  }

  /** Part 1 (joint handling, 协办) is not on this branch: no data yet. */
  protected assistanceOnTime(
    _section: BriefingSectionKey,
    _from: Date,
    _to: Date,
  ): Promise<Map<string | null, { total: number; count: number; rate: number | null }> | null> {
    void this.dataSource;
    return Promise.resolve(null);
  }

  /** Part 2 (screening drives, 大排查) is not on this branch: no data yet. */
  protected screeningCoverage(
    _section: BriefingSectionKey,
    _from: Date,
    _to: Date,
  ): Promise<Map<string | null, { total: number; count: number; rate: number | null }> | null> {
    return Promise.resolve(null);
  }
}
