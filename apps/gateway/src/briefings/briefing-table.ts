import type { BriefingRate, BriefingRow, BriefingSection } from '@app/domain/briefing/briefing';
import { BRIEFING_TEXT } from '@app/domain/briefing/briefing-charts';

/** A column of a section's ranking table, as the workbook and the PDF both print it. */
export interface BriefingColumn {
  header: string;
  kind: 'rank' | 'text' | 'score' | 'rate' | 'count';
  /** The value as a number for a spreadsheet (a rate 0..1; null: empty), or the text. */
  value: (row: BriefingRow) => string | number | null;
  /** The value as printed ('66.7% (2/3)', '暂无数据', '未参评'). */
  text: (row: BriefingRow) => string;
  width: number;
}

const percent = (rate: BriefingRate | null) =>
  rate === null || rate.rate === null ? '—' : `${(Math.round(rate.rate * 1000) / 10).toFixed(1)}%`;
const rateText = (rate: BriefingRate | null) =>
  rate === null ? '—' : `${percent(rate)} (${rate.count}/${rate.total})`;

const rateColumn = (
  header: string,
  get: (r: BriefingRow) => BriefingRate | null,
  available = true,
): BriefingColumn => ({
  header,
  kind: 'rate',
  value: (r) => (available ? (get(r)?.rate ?? null) : null),
  text: (r) => (available ? rateText(get(r)) : BRIEFING_TEXT.notAvailable),
  width: 16,
});

/** The ranking table's columns of a section (an extra column says 暂无数据 where it is not counted for the grouping). */
export function briefingColumns(section: Pick<BriefingSection, 'key' | 'extras'>): BriefingColumn[] {
  return [
    {
      header: BRIEFING_TEXT.rank,
      kind: 'rank',
      value: (r) => r.rank,
      text: (r) => (r.rank === null ? BRIEFING_TEXT.notRanked : String(r.rank)),
      width: 8,
    },
    {
      header: BRIEFING_TEXT.groupHeader[section.key],
      kind: 'text',
      value: (r) => r.name,
      text: (r) => r.name,
      width: 28,
    },
    {
      header: BRIEFING_TEXT.score,
      kind: 'score',
      value: (r) => r.score,
      text: (r) => (r.score === null ? '—' : r.score.toFixed(1)),
      width: 10,
    },
    rateColumn(BRIEFING_TEXT.timelyAcceptance, (r) => r.timelyAcceptance),
    rateColumn(BRIEFING_TEXT.resolution, (r) => r.resolution),
    rateColumn(BRIEFING_TEXT.satisfaction, (r) => r.satisfaction),
    { header: BRIEFING_TEXT.open, kind: 'count', value: (r) => r.open, text: (r) => String(r.open), width: 8 },
    { header: BRIEFING_TEXT.overdue, kind: 'count', value: (r) => r.overdue, text: (r) => String(r.overdue), width: 8 },
    {
      header: BRIEFING_TEXT.escalations,
      kind: 'count',
      value: (r) => r.escalations,
      text: (r) => String(r.escalations),
      width: 8,
    },
    rateColumn(BRIEFING_TEXT.assistanceOnTime, (r) => r.assistanceOnTime, section.extras.assistanceOnTime),
    rateColumn(BRIEFING_TEXT.screeningCoverage, (r) => r.screeningCoverage, section.extras.screeningCoverage),
  ];
}

export const RANKING_RULE =
  '排名规则：综合得分为按期受理率、化解率、满意率中有数据者的平均值；得分相同时逾期少者在前，再相同时升级少者在前；三率均无数据或尚未分流者不参加排名。';
