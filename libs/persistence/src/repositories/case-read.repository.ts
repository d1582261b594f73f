import { DataSource } from 'typeorm';
import { INTAKE_CENTER } from '@app/domain/enums';
import { CaseEntity } from '../entities/case.entity';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';

/** Access restrictions of the caller, ANDed: a mediator's pools, a center, a grid worker's own reports. */
export interface CaseScope {
  unitIds?: string[];
  centerCode?: string;
  /** With `centerCode`: also the cases that asked a unit of that center for assistance (协办). */
  orAssistedBy?: boolean;
  reportedBy?: string;
}

/** The filters of `GET /api/disputes`, plus the caller's scope. */
export interface CaseListFilter {
  stage?: string;
  centerCode?: string;
  unitId?: string;
  gridCode?: string;
  communityCode?: string;
  category?: string;
  /** true: open (not suspended) and past the stage deadline; false: everything else. */
  overdue?: boolean;
  /** Text in the case number, summary or a party's name, case-insensitive. */
  q?: string;
  scope?: CaseScope;
}

export type CaseListItem = CaseEntity & { overdue: boolean };

/** Whether a case is overdue, as the list filter and every read of a case define it. */
export const OVERDUE_SQL = `(status = 'OPEN' AND stage_deadline < now())`;

/** How many of the newest cases a text search scans before it turns to the bigram index. */
const RECENT_WINDOW = 10_000;

/** How long the list of common bigrams read from the planner's statistics is used before it is read again. */
const COMMON_BIGRAMS_TTL_MS = 10 * 60_000;

/**
 * The character bigrams of a (lower-cased) search text, as `text_bigrams` in SQL makes them for
 * the index: adjacent pairs of characters, none holding white space.
 */
export function searchBigrams(text: string): string[] {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    if (!/\s/.test(gram)) grams.add(gram);
  }
  return [...grams];
}

/**
 * Whether a text has a bigram outside `common` (the most common bigrams of `cases.search_grams`,
 * from ANALYZE): the rows holding it are then few (fewer than the least common of the list, about
 * 0.15 % of the cases at a million), so the bigram index gives the whole answer in a small bitmap
 * and the walk through the newest cases would only add its own cost. Without statistics
 * (`common` undefined) nothing is known to be rare.
 */
export function hasRareBigram(text: string, common: ReadonlySet<string> | undefined): boolean {
  if (!common) return false;
  return searchBigrams(text).some((gram) => !common.has(gram));
}

/** `%text%` with LIKE's own wildcards in the text matched literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `JF-2026-0001` and longer: the start of a case number (street code, year, sequence). */
const CASE_NO_PREFIX = /^[a-z]{2,8}-\d{4}-\d{1,6}$/;

/**
 * The WHERE clause of the case list. Each equality filter has an index led by its column and
 * followed by the list order (created_at DESC, id DESC), so a page is an index range; text
 * search narrows by character bigrams on a GIN index, then LIKE confirms.
 */
export function caseListConditions(filter: CaseListFilter, params: SqlParams): string[] {
  const where: string[] = [];
  const equal: [keyof CaseListFilter, string][] = [
    ['stage', 'stage'],
    ['centerCode', 'center_code'],
    ['unitId', 'unit_id'],
    ['gridCode', 'grid_code'],
    ['communityCode', 'community_code'],
    ['category', 'category'],
  ];
  for (const [field, column] of equal) {
    if (filter[field] !== undefined) where.push(`${column} = ${params.add(filter[field])}`);
  }
  // "status <> 'CLOSED'" repeats what OVERDUE_SQL implies, so the open-cases partial index applies.
  if (filter.overdue === true) where.push(`status <> 'CLOSED' AND ${OVERDUE_SQL}`);
  if (filter.overdue === false) where.push(`NOT coalesce(${OVERDUE_SQL}, false)`);
  const q = filter.q?.trim().toLowerCase();
  if (q && CASE_NO_PREFIX.test(q)) {
    // A case number's bigrams ("jf", "20", "-0"...) are in every row: the unique index does better.
    where.push(`case_no LIKE ${params.add(`${q.toUpperCase()}%`)}`);
  } else if (q) {
    const pattern = params.add(likePattern(q));
    if ([...q].length >= 2) where.push(`search_grams @> text_bigrams(${params.add(q)})`);
    where.push(`search_text LIKE ${pattern}`);
  }
  const scope = filter.scope ?? {};
  if (scope.unitIds !== undefined) where.push(`unit_id = ANY(${params.add(scope.unitIds)}::uuid[])`);
  if (scope.centerCode !== undefined) {
    // The intake center answers for the cases not routed yet (responsibleCenter).
    const center = params.add(scope.centerCode);
    const own = [`center_code = ${center}`];
    if (scope.centerCode === INTAKE_CENTER) own.push('center_code IS NULL');
    // The GIN index on assisting_centers answers @> (not = ANY).
    if (scope.orAssistedBy) own.push(`assisting_centers @> ARRAY[${center}]::text[]`);
    where.push(own.length === 1 ? own[0] : `(${own.join(' OR ')})`);
  }
  if (scope.reportedBy !== undefined) where.push(`reported_by = ${params.add(scope.reportedBy)}`);
  return where;
}

export class CaseReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The most common bigrams per the planner's statistics, and when they were read. */
  private common: { bigrams: Set<string> | undefined; readAt: number; reading?: Promise<Set<string> | undefined> } = {
    bigrams: undefined,
    readAt: -Infinity,
  };

  findById(id: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ id });
  }

  findByReceiptCode(receiptCode: string): Promise<CaseEntity | null> {
    return this.dataSource.getRepository(CaseEntity).findOneBy({ receiptCode });
  }

  /**
   * Newest first; `nextCursor` continues after the last item, stable under new intake. A text
   * search of common bigrams only first looks among the newest RECENT_WINDOW cases the other
   * filters allow (an index walk): a common word fills the page there at once, where its bigrams
   * would select tens of thousands of rows to sort. Only a page that does not fill there goes to
   * the bigram index. A text with a rare bigram (a party's name, mostly) goes to the index at once:
   * its bitmap is small, and the walk cost more than the whole answer (docs/benchmarks.md).
   */
  async list(filter: CaseListFilter, page: PageRequest = {}): Promise<Page<CaseListItem>> {
    const limit = pageLimit(page.limit);
    const q = filter.q?.trim().toLowerCase();
    if (q && !CASE_NO_PREFIX.test(q) && !hasRareBigram(q, await this.commonBigrams())) {
      const recent = await this.select({ ...filter, q: undefined }, page.cursor, limit, q);
      if (recent.length > limit) return toPage(recent, limit, ({ cursor_key: _, ...item }) => item);
    }
    return toPage(await this.select(filter, page.cursor, limit), limit, ({ cursor_key: _, ...item }) => item);
  }

  /**
   * The most common elements of `cases.search_grams` as ANALYZE last counted them (pg_stats),
   * read again after COMMON_BIGRAMS_TTL_MS; undefined while the table has no statistics.
   */
  async commonBigrams(now = Date.now()): Promise<Set<string> | undefined> {
    if (now - this.common.readAt < COMMON_BIGRAMS_TTL_MS) return this.common.bigrams;
    this.common.reading ??= this.dataSource
      .query(
        `SELECT most_common_elems::text::text[] AS elems FROM pg_stats
          WHERE schemaname = current_schema() AND tablename = 'cases' AND attname = 'search_grams'`,
      )
      .then(
        (rows: { elems: string[] | null }[]) => (rows[0]?.elems?.length ? new Set(rows[0].elems) : undefined),
        // Statistics only choose the order of two correct reads: a search never fails for want of them.
        () => undefined,
      )
      .then((bigrams) => {
        this.common = { bigrams, readAt: Date.now() };
        return bigrams;
      });
    return this.common.reading;
  }

  /** One page of the list; with `recentText`, only among the newest RECENT_WINDOW matches of the other filters. */
  private select(filter: CaseListFilter, cursor: string | undefined, limit: number, recentText?: string) {
    const params = new SqlParams();
    const where = caseListConditions(filter, params);
    if (cursor) {
      const { key, id } = decodeCursor(cursor);
      where.push(`(created_at, id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const columns = this.dataSource
      .getMetadata(CaseEntity)
      .columns.map((c) => `${c.databaseName} AS "${c.propertyName}"`)
      .join(', ');
    const filtered = `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const source =
      recentText === undefined
        ? `(${filtered}) cases`
        : `(${filtered} ORDER BY created_at DESC, id DESC LIMIT ${RECENT_WINDOW}) cases WHERE search_text LIKE ${params.add(likePattern(recentText))}`;
    return this.dataSource.query(
      `SELECT ${columns}, coalesce(${OVERDUE_SQL}, false) AS overdue, created_at::text AS cursor_key
         FROM ${source}
        ORDER BY created_at DESC, id DESC
        LIMIT ${limit + 1}`,
      params.values,
    ) as Promise<(CaseListItem & { cursor_key: string })[]>;
  }
}
