import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import type { BriefingFigures, BriefingSectionKey } from '@app/domain/briefing/briefing';
import { countsChartOption, ratesChartOption } from '@app/domain/briefing/briefing-charts';
import { briefingFonts } from './briefing-fonts';

/** The size the charts are drawn at (pixels); the workbook and the PDF scale them. */
export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 320;

export interface SectionCharts {
  rates: Buffer;
  counts: Buffer;
}

/** One option drawn by ECharts on the server (SVG), rasterized with the CJK font into a PNG. */
export function renderChartPng(option: object, width = CHART_WIDTH, height = CHART_HEIGHT): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option as echarts.EChartsCoreOption);
    svg = chart.renderToSVGString();
  } finally {
    // Ends the chart's animation loop, which would keep the process alive.
    chart.dispose();
  }
  const fonts = briefingFonts();
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width * 2 },
    font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: fonts.family },
  })
    .render()
    .asPng();
  return Buffer.from(png);
}

/**
 * The two charts of a section as PNGs: the same ECharts options as the desk page
 * (libs/domain/src/briefing/briefing-charts.ts); null when no group of the section is ranked.
 */
export function renderSectionCharts(figures: BriefingFigures, section: BriefingSectionKey): SectionCharts | null {
  const ranked = figures.sections.find((s) => s.key === section)?.rows.some((r) => r.rank !== null);
  if (!ranked) return null;
  const look = { font: briefingFonts().family, animation: false };
  return {
    rates: renderChartPng(ratesChartOption(figures, section, look)),
    counts: renderChartPng(countsChartOption(figures, section, look)),
  };
}
