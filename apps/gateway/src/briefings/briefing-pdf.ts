import PDFDocument from 'pdfkit';
import { BRIEFING_SECTIONS, officeDateTime, periodLabel, type BriefingRow } from '@app/domain/briefing/briefing';
import { BRIEFING_TEXT } from '@app/domain/briefing/briefing-charts';
import type { BriefingRecord } from '@app/persistence/briefing/briefing.repository';
import { CHART_HEIGHT, CHART_WIDTH, renderSectionCharts } from './briefing-charts.render';
import { briefingFonts } from './briefing-fonts';
import { briefingColumns, RANKING_RULE } from './briefing-table';

/** Rows of a ranking table on one page (A4 landscape). */
export const PDF_ROWS_PER_PAGE = 22;

/**
 * The pages a briefing's PDF has: the summary, then per section a page of charts (when a group
 * is ranked) and its ranking table, PDF_ROWS_PER_PAGE rows a page (one page when empty).
 */
export function briefingPdfPages(briefing: Pick<BriefingRecord, 'figures'>): number {
  return (
    1 +
    briefing.figures.sections.reduce(
      (pages, s) =>
        pages +
        (s.rows.some((r) => r.rank !== null) ? 1 : 0) +
        Math.max(1, Math.ceil(s.rows.length / PDF_ROWS_PER_PAGE)),
      0,
    )
  );
}

/**
 * The briefing as a PDF (A4 landscape, Noto Sans CJK): the summary with the street's figures and
 * the ranking rule; per section its two charts (the desk page's, drawn by ECharts on the server)
 * and its ranking table.
 */
export async function briefingPdf(briefing: BriefingRecord): Promise<Buffer> {
  const { figures } = briefing;
  const fonts = briefingFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 40,
    autoFirstPage: true,
    info: {
      Title: `${figures.streetName}${BRIEFING_TEXT.title} ${periodLabel(figures)}`,
      Author: 'mediation-engine',
      CreationDate: new Date(briefing.generatedAt),
    },
  });
  doc.registerFont('cjk', fonts.regular, fonts.regularName);
  doc.registerFont('cjk-bold', fonts.bold, fonts.boldName);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // The summary.
  doc.font('cjk-bold').fontSize(20).text(`${figures.streetName}${BRIEFING_TEXT.title}`, { align: 'center' });
  doc.moveDown(0.3);
  doc
    .font('cjk')
    .fontSize(13)
    .text(`期间：${periodLabel(figures)}`, { align: 'center' });
  doc
    .fontSize(10)
    .fillColor('#555555')
    .text(
      `生成：${briefing.generatedByName ?? '系统（每月自动）'}，${officeDateTime(briefing.generatedAt)}；数据截至 ${officeDateTime(figures.asOf)}（在办、逾期为此时的数字）`,
      { align: 'center' },
    )
    .fillColor('#000000');
  doc.moveDown(1.2);
  doc.font('cjk-bold').fontSize(14).text(BRIEFING_TEXT.total);
  doc.moveDown(0.4);
  const total = figures.total;
  const lines: [string, string][] = [
    ...(['timelyAcceptance', 'resolution', 'satisfaction'] as const).map((key): [string, string] => [
      BRIEFING_TEXT[key],
      total[key].rate === null
        ? '—'
        : `${(Math.round(total[key].rate * 1000) / 10).toFixed(1)}%（${total[key].count} / ${total[key].total} 件）`,
    ]),
    [BRIEFING_TEXT.open, `${total.open} 件`],
    [BRIEFING_TEXT.overdue, `${total.overdue} 件`],
    [BRIEFING_TEXT.escalations, `${total.escalations} 次`],
  ];
  doc.font('cjk').fontSize(12);
  for (const [label, value] of lines) {
    const y = doc.y;
    doc.text(label, left + 20, y, { width: 120 });
    doc.text(value, left + 150, y, { width: 400 });
    doc.moveDown(0.2);
  }
  doc.moveDown(1);
  doc.fontSize(10).fillColor('#555555').text(RANKING_RULE, left, doc.y, { width }).fillColor('#000000');

  for (const key of BRIEFING_SECTIONS) {
    const section = figures.sections.find((s) => s.key === key);
    if (!section) continue;
    const heading = `${BRIEFING_TEXT.sections[key]}`;
    const charts = renderSectionCharts(figures, key);
    if (charts) {
      doc.addPage();
      doc
        .font('cjk-bold')
        .fontSize(16)
        .text(`${heading} · ${BRIEFING_TEXT.ratesChart}、${BRIEFING_TEXT.countsChart}`, left);
      const chartWidth = (width - 20) / 2;
      const chartHeight = (chartWidth * CHART_HEIGHT) / CHART_WIDTH;
      const top = doc.y + 16;
      doc.font('cjk').fontSize(11).text(BRIEFING_TEXT.ratesChart, left, top);
      doc.text(BRIEFING_TEXT.countsChart, left + chartWidth + 20, top);
      doc.image(charts.rates, left, top + 18, { width: chartWidth, height: chartHeight });
      doc.image(charts.counts, left + chartWidth + 20, top + 18, { width: chartWidth, height: chartHeight });
      doc.text('图中为参加排名的分组（按排名，最多 20 个）。', left, top + 30 + chartHeight, { width });
    }
    const columns = briefingColumns(section);
    const units = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (c.width / units) * width);
    const pages = Math.max(1, Math.ceil(section.rows.length / PDF_ROWS_PER_PAGE));
    for (let page = 0; page < pages; page++) {
      doc.addPage();
      doc
        .font('cjk-bold')
        .fontSize(16)
        .text(`${heading} · ${BRIEFING_TEXT.rank}${pages > 1 ? `（${page + 1}/${pages}）` : ''}`, left);
      let y = doc.y + 8;
      const rowHeight = 20;
      const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
        if (shade)
          doc
            .rect(left, y - 4, width, rowHeight)
            .fill('#f2f4f7')
            .fillColor('#000000');
        doc.font(bold ? 'cjk-bold' : 'cjk').fontSize(9);
        let x = left;
        cells.forEach((cell, i) => {
          doc.text(cell, x + 2, y, { width: widths[i] - 4, height: rowHeight, ellipsis: true, lineBreak: false });
          x += widths[i];
        });
        y += rowHeight;
      };
      drawRow(
        columns.map((c) => c.header),
        true,
        true,
      );
      const rows: BriefingRow[] = section.rows.slice(page * PDF_ROWS_PER_PAGE, (page + 1) * PDF_ROWS_PER_PAGE);
      if (rows.length === 0) drawRow(['暂无数据'], false, false);
      rows.forEach((r, i) =>
        drawRow(
          columns.map((c) => c.text(r)),
          false,
          i % 2 === 1,
        ),
      );
    }
  }
  doc.end();
  return done;
}
