import { DataSource, In } from 'typeorm';
import { CaseEntity } from '../entities/case.entity';
import { decodeCursor, Page, pageLimit, PageRequest, toPage } from '../read-paging';

export interface DuplicateQuery {
  phone?: string;
  idNumber?: string;
  address?: string;
  category?: string;
}

/** The intake window's look-ups: possible duplicates and repeat parties (DOMAIN.md "Intake rules"). */
export class IntakeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Open cases with the same party phone or ID number, or the same address and category within 30 days. */
  async findDuplicates(query: DuplicateQuery, page: PageRequest = {}): Promise<Page<CaseEntity>> {
    const limit = pageLimit(page.limit);
    const after = page.cursor ? decodeCursor(page.cursor) : null;
    const rows: { id: string; cursor_key: string }[] = await this.dataSource.query(
      `SELECT id, created_at::text AS cursor_key FROM cases
        WHERE status <> 'CLOSED'
          AND (($1::text IS NOT NULL AND parties @> jsonb_build_array(jsonb_build_object('phone', $1::text)))
            OR ($2::text IS NOT NULL AND parties @> jsonb_build_array(jsonb_build_object('idNumber', $2::text)))
            OR ($3::text IS NOT NULL AND $4::text IS NOT NULL AND address = $3 AND category = $4
                AND created_at > now() - interval '30 days'))
          AND ($6::timestamptz IS NULL OR (created_at, id) < ($6::timestamptz, $7::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [
        query.phone ?? null,
        query.idNumber ?? null,
        query.address ?? null,
        query.category ?? null,
        limit + 1,
        after?.key ?? null,
        after?.id ?? null,
      ],
    );
    const ids = toPage(rows, limit, (r) => r.id);
    if (ids.items.length === 0) return { items: [], nextCursor: null };
    const found = await this.dataSource.getRepository(CaseEntity).find({ where: { id: In(ids.items) } });
    const byId = new Map(found.map((c) => [c.id, c]));
    return { items: ids.items.map((id) => byId.get(id)!).filter(Boolean), nextCursor: ids.nextCursor };
  }

  /**
   * Cases of the last 12 months in which any of these phones or ID numbers appears as a party,
   * newest first, not counting those closed as REJECTED or MERGED (not disputes of their own).
   */
  async recentCasesOfParties(
    phones: string[],
    idNumbers: string[],
    limit = 50,
  ): Promise<{ id: string; caseNo: string | null }[]> {
    if (phones.length === 0 && idNumbers.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, case_no AS "caseNo" FROM cases
        WHERE created_at > now() - interval '12 months'
          AND coalesce(resolution, '') NOT IN ('REJECTED', 'MERGED')
          AND (EXISTS (SELECT 1 FROM unnest($1::text[]) p WHERE parties @> jsonb_build_array(jsonb_build_object('phone', p)))
            OR EXISTS (SELECT 1 FROM unnest($2::text[]) i WHERE parties @> jsonb_build_array(jsonb_build_object('idNumber', i))))
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [phones, idNumbers, limit],
    );
  }
}
