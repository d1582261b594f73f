import type { DataSource } from 'typeorm';
import type { BriefingFigures } from '@app/domain/briefing/briefing';
import { decodeCursor, type Page, pageLimit, type PageRequest, toPage } from '../read-paging';

export type BriefingKind = 'MONTHLY' | 'ON_DEMAND';

export interface BriefingSummary {
  id: string;
  kind: BriefingKind;
  month: string | null;
  from: Date;
  to: Date;
  generatedAt: Date;
  generatedBy: string | null;
  generatedByName: string | null;
}

export interface BriefingRecord extends BriefingSummary {
  figures: BriefingFigures;
}

const SUMMARY = `b.id, b.kind, b.month, b.period_from AS "from", b.period_to AS "to", b.generated_at AS "generatedAt",
  b.generated_by AS "generatedBy", u.display_name AS "generatedByName"`;
const FROM = 'briefings b LEFT JOIN users u ON u.id = b.generated_by';

/** The kept briefings (table `briefings`). */
export class BriefingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps a briefing; false when it is a month's and that month is kept already. */
  async insert(b: {
    id: string;
    kind: BriefingKind;
    month: string | null;
    from: Date;
    to: Date;
    generatedAt: Date;
    generatedBy: string | null;
    figures: BriefingFigures;
  }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO briefings (id, kind, month, period_from, period_to, generated_at, generated_by, figures)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (month) WHERE kind = 'MONTHLY' DO NOTHING RETURNING id`,
      [b.id, b.kind, b.month, b.from, b.to, b.generatedAt, b.generatedBy, JSON.stringify(b.figures)],
    );
    return rows.length > 0;
  }

  async findById(id: string): Promise<BriefingRecord | null> {
    const [row]: BriefingRecord[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, b.figures FROM ${FROM} WHERE b.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async findMonthly(month: string): Promise<BriefingRecord | null> {
    const [row]: BriefingRecord[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, b.figures FROM ${FROM} WHERE b.kind = 'MONTHLY' AND b.month = $1`,
      [month],
    );
    return row ?? null;
  }

  /** Newest first (by generation). */
  async list(page: PageRequest = {}): Promise<Page<BriefingSummary>> {
    const limit = pageLimit(page.limit);
    const params: unknown[] = [];
    let where = '';
    if (page.cursor) {
      const { key, id } = decodeCursor(page.cursor);
      params.push(key, id);
      where = 'WHERE (b.generated_at, b.id) < ($1::timestamptz, $2::uuid)';
    }
    const rows: (BriefingSummary & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, b.generated_at::text AS cursor_key FROM ${FROM} ${where}
        ORDER BY b.generated_at DESC, b.id DESC LIMIT ${limit + 1}`,
      params,
    );
    return toPage(rows, limit, ({ cursor_key: _, ...row }) => row);
  }
}
