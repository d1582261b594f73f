import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The parts of ECharts the statistics page draws with, and nothing else (the whole library is
 * about ten times the size): bar charts on a grid, with tooltip and legend, on a canvas.
 */
use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** Canvas text cannot read CSS variables: the same faces as the page (styles/index.css). */
export const CHART_FONT =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** Colours with at least 3:1 against white (bars) and distinct for the usual colour blindness. */
export const COLORS = {
  blue: '#1d5fbf',
  green: '#2e7d32',
  orange: '#d35400',
  red: '#c62828',
  purple: '#6a1b9a',
} as const;
