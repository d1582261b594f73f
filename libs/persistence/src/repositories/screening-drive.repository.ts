import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { driveAlertSeq, type DriveTerritory } from '@app/domain/screening/drive-rules';
import { decodeCursor, type Page, pageLimit, type PageRequest, SqlParams, toPage } from '../read-paging';
import { restoreLoggedAlerts } from './logged-alerts';

/** A drive as the list and the page show it, with its coverage counted. */
export interface DriveRow {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  communityCodes: string[];
  gridCodes: string[];
  openedBy: string;
  openedByName: string | null;
  openedAt: Date;
  closedAt: Date | null;
  covered: number;
  screened: number;
  findings: number;
}

export interface NewDrive {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  communityCodes: string[];
  gridCodes: string[];
  openedBy: string;
  grids: { code: string; communityCode: string }[];
}

/** One grid of a drive, with its screening when there is one. */
export interface DriveGridRow {
  gridCode: string;
  gridName: string | null;
  communityCode: string;
  position: number;
  screenedAt: Date | null;
  screenedBy: string | null;
  screenedByName: string | null;
  nothingFound: boolean | null;
  findingCount: number;
  late: boolean | null;
  note: string | null;
}

/** A finding of a drive and the case it became, as the case stands now. */
export interface DriveFindingRow {
  gridCode: string;
  position: number;
  caseId: string;
  caseNo: string | null;
  summary: string | null;
  category: string | null;
  stage: string | null;
  status: string | null;
}

export interface DriveEventRow {
  seq: number;
  type: string;
  actorId: string;
  at: Date;
  payload: Record<string, unknown>;
}

export interface NewScreening {
  driveId: string;
  gridCode: string;
  nothingFound: boolean;
  note: string | null;
  late: boolean;
  screenedBy: string;
  caseIds: string[];
}

/**
 * Alerts of unscreened grids go to the alerts table beside the cases' (same desk, same live
 * stream), marked by this reason; `case_id` holds the drive's id and `event_seq` the grid's point
 * (position × 2 + level), so each is stored once and has the same id after a rebuild.
 */
export const SCREENING_ALERT_REASON = 'SCREENING_DRIVE';

const DRIVE_COLUMNS = `d.id, d.title, d.starts_at AS "startsAt", d.ends_at AS "endsAt", d.community_codes AS "communityCodes",
  d.grid_codes AS "gridCodes", d.opened_by AS "openedBy", u.display_name AS "openedByName", d.opened_at AS "openedAt",
  d.closed_at AS "closedAt", c.covered, c.screened, c.findings`;

const DRIVE_FROM = `screening_drives d
  LEFT JOIN users u ON u.id = d.opened_by
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS covered, count(r.grid_code)::int AS screened, coalesce(sum(r.finding_count), 0)::int AS findings
      FROM screening_drive_grids g LEFT JOIN screening_records r ON r.drive_id = g.drive_id AND r.grid_code = g.grid_code
     WHERE g.drive_id = d.id) c ON true`;

/** Screening drives (大排查): drives, their grids, screenings, findings, events and alerts. */
export class ScreeningDriveRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active base grids with their community, and active communities: what a drive may cover. */
  async territory(): Promise<DriveTerritory> {
    const [grids, communities]: [{ code: string; communityCode: string }[], { code: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT code, community_code AS "communityCode" FROM grids WHERE level = 'BASE' AND active AND community_code IS NOT NULL`,
      ),
      this.dataSource.query('SELECT code FROM communities WHERE active'),
    ]);
    return { baseGrids: grids, communities: communities.map((c) => c.code) };
  }

  /** Opens a drive with its grids and its first event, in one transaction (a retry under the same id adds nothing). */
  async open(drive: NewDrive): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO screening_drives (id, title, starts_at, ends_at, community_codes, grid_codes, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [drive.id, drive.title, drive.startsAt, drive.endsAt, drive.communityCodes, drive.gridCodes, drive.openedBy],
      );
      if (inserted.length === 0) return;
      await tx.query(
        `INSERT INTO screening_drive_grids (drive_id, grid_code, community_code, position)
         SELECT $1, g.code, g.community, g.position - 1
           FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS g (code, community, position)`,
        [drive.id, drive.grids.map((g) => g.code), drive.grids.map((g) => g.communityCode)],
      );
      await appendEvent(tx, drive.id, 'DriveOpened', drive.openedBy, {
        title: drive.title,
        startsAt: drive.startsAt.toISOString(),
        endsAt: drive.endsAt.toISOString(),
        communityCodes: drive.communityCodes,
        gridCodes: drive.gridCodes,
        covered: drive.grids.length,
      });
    });
  }

  async list(query: { gridCode?: string; page?: PageRequest }): Promise<Page<DriveRow>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.gridCode)
      where.push(
        `EXISTS (SELECT 1 FROM screening_drive_grids x WHERE x.drive_id = d.id AND x.grid_code = ${params.add(query.gridCode)})`,
      );
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(d.opened_at, d.id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (DriveRow & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${DRIVE_COLUMNS}, d.opened_at::text AS cursor_key FROM ${DRIVE_FROM}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.opened_at DESC, d.id DESC LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, ...row }) => row);
  }

  async findById(id: string): Promise<DriveRow | null> {
    const [row]: DriveRow[] = await this.dataSource.query(
      `SELECT ${DRIVE_COLUMNS} FROM ${DRIVE_FROM} WHERE d.id = $1`,
      [id],
    );
    return row ?? null;
  }

  grids(driveId: string): Promise<DriveGridRow[]> {
    return this.dataSource.query(
      `SELECT g.grid_code AS "gridCode", gr.name AS "gridName", g.community_code AS "communityCode", g.position,
              r.screened_at AS "screenedAt", r.screened_by AS "screenedBy", u.display_name AS "screenedByName",
              r.nothing_found AS "nothingFound", coalesce(r.finding_count, 0)::int AS "findingCount", r.late, r.note
         FROM screening_drive_grids g
         LEFT JOIN grids gr ON gr.code = g.grid_code
         LEFT JOIN screening_records r ON r.drive_id = g.drive_id AND r.grid_code = g.grid_code
         LEFT JOIN users u ON u.id = r.screened_by
        WHERE g.drive_id = $1 ORDER BY g.position`,
      [driveId],
    );
  }

  async grid(driveId: string, gridCode: string): Promise<DriveGridRow | null> {
    return (await this.grids(driveId)).find((g) => g.gridCode === gridCode) ?? null;
  }

  findings(driveId: string): Promise<DriveFindingRow[]> {
    return this.dataSource.query(
      `SELECT f.grid_code AS "gridCode", f.position, f.case_id AS "caseId", c.case_no AS "caseNo", c.summary, c.category,
              c.stage, c.status
         FROM screening_findings f LEFT JOIN cases c ON c.id = f.case_id
        WHERE f.drive_id = $1 ORDER BY f.grid_code, f.position`,
      [driveId],
    );
  }

  events(driveId: string): Promise<DriveEventRow[]> {
    return this.dataSource.query(
      `SELECT seq, type, actor_id AS "actorId", at, payload FROM screening_drive_events WHERE drive_id = $1 ORDER BY seq`,
      [driveId],
    );
  }

  /**
   * Records a grid's screening, its findings' cases and the event, in one transaction; false when
   * the grid was screened already (nothing is written then).
   */
  async recordScreening(screening: NewScreening): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM screening_drives WHERE id = $1 FOR UPDATE', [screening.driveId]);
      const inserted: unknown[] = await tx.query(
        `INSERT INTO screening_records (drive_id, grid_code, nothing_found, finding_count, note, late, screened_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING grid_code`,
        [
          screening.driveId,
          screening.gridCode,
          screening.nothingFound,
          screening.caseIds.length,
          screening.note,
          screening.late,
          screening.screenedBy,
        ],
      );
      if (inserted.length === 0) return false;
      for (const [position, caseId] of screening.caseIds.entries()) {
        await tx.query(
          'INSERT INTO screening_findings (drive_id, grid_code, position, case_id) VALUES ($1, $2, $3, $4)',
          [screening.driveId, screening.gridCode, position, caseId],
        );
      }
      await appendEvent(tx, screening.driveId, 'GridScreened', screening.screenedBy, {
        gridCode: screening.gridCode,
        nothingFound: screening.nothingFound,
        caseIds: screening.caseIds,
        late: screening.late,
      });
      return true;
    });
  }

  /**
   * Raises one point (warning or escalation) for every grid of the drive without a screening,
   * each once: the alert log, the alerts table (pushed live by its trigger) and one event naming
   * the grids. The warning goes to the grid's community (its mediation committee and that
   * committee's center), the escalation to the lead of that center (level 1). Answers how many.
   */
  async raiseAlerts(input: {
    driveId: string;
    kind: 'WARNING' | 'ESCALATION';
    level: 0 | 1;
    deadline: string;
    raisedAt: string;
    fallbackCenter: string;
  }): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM screening_drives WHERE id = $1 FOR UPDATE', [input.driveId]);
      const open: { gridCode: string; position: number; centerCode: string | null; unitId: string | null }[] =
        await tx.query(
          `SELECT g.grid_code AS "gridCode", g.position, u.center_code AS "centerCode", u.id AS "unitId"
             FROM screening_drive_grids g
             LEFT JOIN screening_records r ON r.drive_id = g.drive_id AND r.grid_code = g.grid_code
             LEFT JOIN LATERAL (SELECT id, center_code FROM units
                                 WHERE community_code = g.community_code AND level = 'COMMUNITY' AND active
                                 ORDER BY is_main DESC, code LIMIT 1) u ON true
            WHERE g.drive_id = $1 AND r.grid_code IS NULL ORDER BY g.position`,
          [input.driveId],
        );
      const raised: string[] = [];
      for (const grid of open) {
        const seq = driveAlertSeq(grid.position, input.level);
        const rows: unknown[] = await tx.query(
          `INSERT INTO screening_alert_log (drive_id, seq, grid_code, kind, level, center_code, unit_id, deadline, raised_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING seq`,
          [
            input.driveId,
            seq,
            grid.gridCode,
            input.kind,
            input.level,
            grid.centerCode ?? input.fallbackCenter,
            input.level === 0 ? grid.unitId : null,
            input.deadline,
            input.raisedAt,
          ],
        );
        if (rows.length > 0) raised.push(grid.gridCode);
        await restoreScreeningAlerts(tx, { driveId: input.driveId, seq });
      }
      if (raised.length > 0)
        await appendEvent(
          tx,
          input.driveId,
          input.kind === 'WARNING' ? 'DriveWarningRaised' : 'DriveEscalated',
          'system',
          {
            level: input.level,
            gridCodes: raised,
          },
        );
      return raised.length;
    });
  }

  /** Marks the drive's end and records it once. */
  async close(driveId: string, closedAt: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const rows: unknown[] = await tx.query(
        'UPDATE screening_drives SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL RETURNING id',
        [driveId, closedAt],
      );
      if (rows.length > 0) await appendEvent(tx, driveId, 'DriveClosed', 'system', {});
    });
  }
}

async function appendEvent(
  tx: EntityManager,
  driveId: string,
  type: string,
  actorId: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO screening_drive_events (drive_id, seq, type, actor_id, payload)
     SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM screening_drive_events WHERE drive_id = $1`,
    [driveId, type, actorId, JSON.stringify(payload)],
  );
}

/**
 * Copies the alerts of unscreened grids from their log into the alerts table (all of them: after a
 * rebuild emptied it; or one). The id is made as the cases' are (md5 of subject and seq), so
 * acknowledgements apply again.
 */
export function restoreScreeningAlerts(
  runner: Pick<QueryRunner, 'query'>,
  only?: { driveId: string; seq: number },
): Promise<void> {
  return restoreLoggedAlerts(
    runner,
    { table: 'screening_alert_log', subject: 'drive_id', kind: SCREENING_ALERT_REASON, unit: 'unit_id' },
    only && { subjectId: only.driveId, seq: only.seq },
  );
}

/** Community names by code, for the coverage table. */
export async function communityNames(dataSource: DataSource, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows: { code: string; name: string }[] = await dataSource.query(
    'SELECT code, name FROM communities WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}
