/**
 * The briefing's charts as ECharts options, one definition for the desk page (vue-echarts, in the
 * browser) and the exports (ECharts' server-side SVG rendering in the gateway), so that the page,
 * the workbook and the PDF show the same charts. Pure data: no ECharts import here.
 */
import type { BriefingFigures, BriefingRow, BriefingSectionKey } from './briefing';

/** The names a briefing uses in Chinese (the exports; the desk page has the same in its locale). */
export const BRIEFING_TEXT = {
  title: '矛盾纠纷多元化解工作通报',
  sections: { center: '各中心', unit: '各承办单位', community: '各村（社区）' } as Record<BriefingSectionKey, string>,
  groupHeader: { center: '中心', unit: '承办单位', community: '村（社区）' } as Record<BriefingSectionKey, string>,
  rank: '排名',
  score: '综合得分',
  timelyAcceptance: '按期受理率',
  resolution: '化解率',
  satisfaction: '满意率',
  open: '在办',
  overdue: '逾期',
  escalations: '升级',
  assistanceOnTime: '协办按时率',
  screeningCoverage: '排查覆盖率',
  notAvailable: '暂无数据',
  notRanked: '未参评',
  total: '全街道合计',
  ratesChart: '三率对比',
  countsChart: '逾期与升级',
} as const;

/** Colours with at least 3:1 against white, as the statistics page's (apps/desks/src/views/stats/echarts.ts). */
export const BRIEFING_COLORS = ['#1d5fbf', '#2e7d32', '#d35400', '#c62828', '#6a1b9a'] as const;

/** More groups than this and a chart draws the best ranked ones (the ranking table lists all). */
export const MAX_CHART_GROUPS = 20;

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** The rows a section's charts draw: the ranked ones in rank order, the first MAX_CHART_GROUPS. */
export function chartRows(figures: BriefingFigures, section: BriefingSectionKey): BriefingRow[] {
  const rows = figures.sections.find((s) => s.key === section)?.rows ?? [];
  return rows.filter((r) => r.rank !== null).slice(0, MAX_CHART_GROUPS);
}

interface ChartLook {
  font: string;
  /** false for server-side rendering (a still picture). */
  animation: boolean;
}

const base = (names: string[], look: ChartLook) => ({
  animation: look.animation,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: look.font },
  legend: { top: 0, textStyle: { fontFamily: look.font, color: '#303133' } },
  grid: { left: 48, right: 16, top: 44, bottom: 24, outerBounds: { left: 4, right: 4, top: 4, bottom: 4 } },
  xAxis: {
    type: 'category',
    data: names,
    axisLabel: {
      interval: 0,
      rotate: names.length * Math.max(0, ...names.map((n) => n.length)) > 48 ? 30 : 0,
      width: 96,
      overflow: 'truncate',
      color: '#303133',
      fontFamily: look.font,
    },
  },
});

/** 三率对比: one column per ranked group, bars of the three rates in percent. */
export function ratesChartOption(figures: BriefingFigures, section: BriefingSectionKey, look: ChartLook) {
  const rows = chartRows(figures, section);
  const keys = ['timelyAcceptance', 'resolution', 'satisfaction'] as const;
  return {
    ...base(
      rows.map((r) => r.name),
      look,
    ),
    color: BRIEFING_COLORS.slice(0, 3),
    yAxis: { type: 'value', max: 100, axisLabel: { color: '#303133', formatter: '{value}%' } },
    series: keys.map((key) => ({
      type: 'bar',
      name: BRIEFING_TEXT[key],
      data: rows.map((r) => percent(r[key].rate)),
      barMaxWidth: 28,
    })),
  };
}

/** 逾期与升级: one column per ranked group, the overdue and escalation counts. */
export function countsChartOption(figures: BriefingFigures, section: BriefingSectionKey, look: ChartLook) {
  const rows = chartRows(figures, section);
  return {
    ...base(
      rows.map((r) => r.name),
      look,
    ),
    color: [BRIEFING_COLORS[3], BRIEFING_COLORS[4]],
    yAxis: { type: 'value', minInterval: 1, name: '件', axisLabel: { color: '#303133' } },
    series: [
      { type: 'bar', name: BRIEFING_TEXT.overdue, data: rows.map((r) => r.overdue), barMaxWidth: 28 },
      { type: 'bar', name: BRIEFING_TEXT.escalations, data: rows.map((r) => r.escalations), barMaxWidth: 28 },
    ],
  };
}
