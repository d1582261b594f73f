import ExcelJS from 'exceljs';
import { BRIEFING_SECTIONS, officeDateTime, periodLabel } from '@app/domain/briefing/briefing';
import { BRIEFING_TEXT } from '@app/domain/briefing/briefing-charts';
import type { BriefingRecord } from '@app/persistence/briefing/briefing.repository';
import { CHART_HEIGHT, CHART_WIDTH, renderSectionCharts } from './briefing-charts.render';
import { briefingColumns, RANKING_RULE } from './briefing-table';

/** The sheet of each section (Excel forbids some characters in names; these have none). */
export const SHEET_NAMES = { center: '各中心', unit: '各承办单位', community: '各村（社区）' } as const;

/**
 * The briefing as an Excel workbook: a sheet 概况 (period, generation, the street's figures, the
 * ranking rule), then one sheet per section with its ranking table (rates as numbers formatted
 * as percentages, counts as numbers) and its two charts as pictures beside the table.
 */
export async function briefingWorkbook(briefing: BriefingRecord): Promise<Buffer> {
  const { figures } = briefing;
  const book = new ExcelJS.Workbook();
  book.creator = 'mediation-engine';
  book.created = new Date(briefing.generatedAt);
  const title = `${figures.streetName}${BRIEFING_TEXT.title}`;
  const period = periodLabel({ from: figures.from, to: figures.to, month: figures.month });

  const summary = book.addWorksheet('概况');
  summary.columns = [{ width: 22 }, { width: 22 }, { width: 14 }, { width: 14 }];
  summary.addRow([title]).font = { bold: true, size: 16 };
  summary.addRow(['期间', period]);
  summary.addRow(['生成时间', officeDateTime(briefing.generatedAt)]);
  summary.addRow(['生成人', briefing.generatedByName ?? '系统（每月自动）']);
  summary.addRow(['数据截至', `${officeDateTime(figures.asOf)}（在办、逾期为此时的数字）`]);
  summary.addRow([]);
  summary.addRow([BRIEFING_TEXT.total, '比率', '分子', '分母']).font = { bold: true };
  for (const key of ['timelyAcceptance', 'resolution', 'satisfaction'] as const) {
    const rate = figures.total[key];
    const row = summary.addRow([BRIEFING_TEXT[key], rate.rate, rate.count, rate.total]);
    row.getCell(2).numFmt = '0.0%';
  }
  summary.addRow([BRIEFING_TEXT.open, figures.total.open]);
  summary.addRow([BRIEFING_TEXT.overdue, figures.total.overdue]);
  summary.addRow([BRIEFING_TEXT.escalations, figures.total.escalations]);
  summary.addRow([]);
  summary.addRow([RANKING_RULE]);

  for (const key of BRIEFING_SECTIONS) {
    const section = figures.sections.find((s) => s.key === key);
    if (!section) continue;
    const sheet = book.addWorksheet(SHEET_NAMES[key]);
    const columns = briefingColumns(section);
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of section.rows) {
      const row = sheet.addRow(
        columns.map((c) => (c.kind === 'rate' && c.text(r) === BRIEFING_TEXT.notAvailable ? c.text(r) : c.value(r))),
      );
      columns.forEach((c, i) => {
        if (c.kind === 'rate') row.getCell(i + 1).numFmt = '0.0%';
        if (c.kind === 'rank' && r.rank === null) row.getCell(i + 1).value = BRIEFING_TEXT.notRanked;
      });
    }
    const charts = renderSectionCharts(figures, key);
    if (charts) {
      const below = section.rows.length + 3;
      const size = { width: CHART_WIDTH * 0.75, height: CHART_HEIGHT * 0.75 };
      const rates = book.addImage({ base64: charts.rates.toString('base64'), extension: 'png' });
      const counts = book.addImage({ base64: charts.counts.toString('base64'), extension: 'png' });
      sheet.getCell(below, 1).value = BRIEFING_TEXT.ratesChart;
      sheet.addImage(rates, { tl: { col: 0, row: below }, ext: size });
      const next = below + 20;
      sheet.getCell(next, 1).value = BRIEFING_TEXT.countsChart;
      sheet.addImage(counts, { tl: { col: 0, row: next }, ext: size });
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
