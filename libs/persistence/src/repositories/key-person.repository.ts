import type { DataSource, QueryRunner } from 'typeorm';
import type { KeyPersonReason, RiskLevel, VisitRule } from '@app/domain/key-persons/visit-ladder';
import { decodeCursor, type Page, pageLimit, type PageRequest, SqlParams, toPage } from '../read-paging';
import { restoreLoggedAlerts } from './logged-alerts';

/** A key person (重点人员) as the register keeps them, with their visits counted. */
export interface KeyPersonRow {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  reason: KeyPersonReason;
  note: string | null;
  riskLevel: RiskLevel;
  gridCode: string;
  responsibleId: string;
  responsibleName: string | null;
  centerCode: string;
  active: boolean;
  registeredAt: Date;
  registeredBy: string;
  updatedAt: Date;
  lastVisitAt: Date | null;
  visitCount: number;
}

export interface NewKeyPerson {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  reason: KeyPersonReason;
  note: string | null;
  riskLevel: RiskLevel;
  gridCode: string;
  responsibleId: string;
  centerCode: string;
  registeredBy: string;
}

export type KeyPersonChanges = Partial<Omit<NewKeyPerson, 'id' | 'registeredBy'> & { active: boolean }>;

export interface KeyPersonVisit {
  id: string;
  keyPersonId: string;
  visitedAt: Date;
  visitedBy: string;
  visitedByName: string | null;
  note: string;
  recordedAt: Date;
}

export interface KeyPersonListQuery {
  riskLevel?: RiskLevel;
  gridCode?: string;
  active?: boolean;
  page?: PageRequest;
}

/** A case linked at intake to a key person whose phone or ID number a party gave. */
export interface CaseKeyPersonLink {
  caseId: string;
  caseNo: string | null;
  keyPersonId: string;
  name: string;
  riskLevel: RiskLevel;
  reason: KeyPersonReason;
  matchedOn: string[];
  linkedAt: Date;
}

/** What a key person's watch needs to place its next visit's points. */
export interface VisitPlanSource {
  active: boolean;
  centerCode: string;
  /** The last visit, else the registration. */
  since: Date;
  /** Visits recorded so far: the round the next visit closes. */
  round: number;
  rule: VisitRule;
}

export interface KeyPersonAlert {
  keyPersonId: string;
  seq: number;
  kind: 'WARNING' | 'ESCALATION';
  level: number;
  centerCode: string;
  deadline: string;
  raisedAt: string;
}

const PERSON_COLUMNS = `k.id, k.name, k.phone, k.id_number AS "idNumber", k.reason, k.note, k.risk_level AS "riskLevel",
  k.grid_code AS "gridCode", k.responsible_id AS "responsibleId", u.display_name AS "responsibleName", k.center_code AS "centerCode",
  k.active, k.registered_at AS "registeredAt", k.registered_by AS "registeredBy", k.updated_at AS "updatedAt",
  v.last_visit_at AS "lastVisitAt", coalesce(v.visit_count, 0)::int AS "visitCount"`;

const PERSON_FROM = `key_persons k
  LEFT JOIN users u ON u.id = k.responsible_id
  LEFT JOIN LATERAL (SELECT max(visited_at) AS last_visit_at, count(*) AS visit_count FROM key_person_visits WHERE key_person_id = k.id) v ON true`;

const CHANGE_COLUMNS: Record<keyof KeyPersonChanges, string> = {
  name: 'name',
  phone: 'phone',
  idNumber: 'id_number',
  reason: 'reason',
  note: 'note',
  riskLevel: 'risk_level',
  gridCode: 'grid_code',
  responsibleId: 'responsible_id',
  centerCode: 'center_code',
  active: 'active',
};

/**
 * Alerts of missed visits go to the alerts table beside the cases' (same desk, same live
 * stream), marked by this reason; `case_id` holds the key person's id and `event_seq` the point's
 * sequence (round × 4 + level), so each point is stored once and has the same id after a rebuild.
 */
export const KEY_PERSON_ALERT_REASON = 'KEY_PERSON_VISIT';

/** The key-person register: persons, visits, the visit policy, case links and missed-visit alerts. */
export class KeyPersonRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: KeyPersonListQuery): Promise<Page<KeyPersonRow>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.riskLevel) where.push(`k.risk_level = ${params.add(query.riskLevel)}`);
    if (query.gridCode) where.push(`k.grid_code = ${params.add(query.gridCode)}`);
    if (query.active !== undefined) where.push(`k.active = ${params.add(query.active)}`);
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(k.registered_at, k.id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (KeyPersonRow & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS}, k.registered_at::text AS cursor_key FROM ${PERSON_FROM}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY k.registered_at DESC, k.id DESC LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, ...row }) => row);
  }

  async findById(id: string): Promise<KeyPersonRow | null> {
    const [row]: KeyPersonRow[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE k.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async create(person: NewKeyPerson): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO key_persons (id, name, phone, id_number, reason, note, risk_level, grid_code, responsible_id, center_code, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [
        person.id,
        person.name,
        person.phone,
        person.idNumber,
        person.reason,
        person.note,
        person.riskLevel,
        person.gridCode,
        person.responsibleId,
        person.centerCode,
        person.registeredBy,
      ],
    );
  }

  async update(id: string, changes: KeyPersonChanges): Promise<void> {
    const params = new SqlParams();
    const sets = (Object.keys(changes) as (keyof KeyPersonChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => `${CHANGE_COLUMNS[key]} = ${params.add(changes[key])}`);
    await this.dataSource.query(
      `UPDATE key_persons SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = ${params.add(id)}`,
      params.values,
    );
  }

  /** Records a visit once (a retry under the same id records nothing more). */
  async addVisit(visit: Omit<KeyPersonVisit, 'recordedAt' | 'visitedByName'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO key_person_visits (id, key_person_id, visited_at, visited_by, note) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [visit.id, visit.keyPersonId, visit.visitedAt, visit.visitedBy, visit.note],
    );
  }

  /** The latest visits first (at most `limit`). */
  async visits(keyPersonId: string, limit = 100): Promise<KeyPersonVisit[]> {
    return this.dataSource.query(
      `SELECT v.id, v.key_person_id AS "keyPersonId", v.visited_at AS "visitedAt", v.visited_by AS "visitedBy",
              u.display_name AS "visitedByName", v.note, v.recorded_at AS "recordedAt"
         FROM key_person_visits v LEFT JOIN users u ON u.id = v.visited_by
        WHERE v.key_person_id = $1 ORDER BY v.visited_at DESC, v.id DESC LIMIT $2`,
      [keyPersonId, limit],
    );
  }

  async visitPolicy(): Promise<VisitRule[]> {
    const rows: VisitRule[] = await this.dataSource.query(
      `SELECT risk_level AS "riskLevel", visit_interval AS interval, level2_after AS "level2After", level3_after AS "level3After"
         FROM key_person_visit_policy ORDER BY array_position(ARRAY['HIGH', 'MEDIUM', 'LOW'], risk_level)`,
    );
    return rows;
  }

  async replaceVisitPolicy(rules: VisitRule[], updatedBy: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query('DELETE FROM key_person_visit_policy');
      for (const rule of rules) {
        await tx.query(
          `INSERT INTO key_person_visit_policy (risk_level, visit_interval, level2_after, level3_after, updated_by) VALUES ($1, $2, $3, $4, $5)`,
          [rule.riskLevel, rule.interval, rule.level2After, rule.level3After, updatedBy],
        );
      }
    });
  }

  /** Active key persons whose phone or ID number (case-insensitive) is among those given, with what matched. */
  async matching(phones: string[], idNumbers: string[]): Promise<{ id: string; matchedOn: string[] }[]> {
    if (phones.length === 0 && idNumbers.length === 0) return [];
    const rows: { id: string; phone_match: boolean; id_match: boolean }[] = await this.dataSource.query(
      `SELECT id, phone = ANY($1::text[]) AS phone_match, upper(id_number) = ANY($2::text[]) AS id_match
         FROM key_persons
        WHERE active AND (phone = ANY($1::text[]) OR upper(id_number) = ANY($2::text[]))`,
      [phones, idNumbers.map((n) => n.toUpperCase())],
    );
    return rows.map((r) => ({
      id: r.id,
      matchedOn: [...(r.phone_match ? ['phone'] : []), ...(r.id_match ? ['idNumber'] : [])],
    }));
  }

  async linkCase(caseId: string, matches: { id: string; matchedOn: string[] }[]): Promise<void> {
    for (const match of matches) {
      await this.dataSource.query(
        `INSERT INTO case_key_person_links (case_id, key_person_id, matched_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [caseId, match.id, match.matchedOn],
      );
    }
  }

  /** The key persons a case was linked to (`caseId`), or the cases linked to a key person (`keyPersonId`). */
  async links(by: { caseId: string } | { keyPersonId: string }): Promise<CaseKeyPersonLink[]> {
    const [column, value] = 'caseId' in by ? ['l.case_id', by.caseId] : ['l.key_person_id', by.keyPersonId];
    return this.dataSource.query(
      `SELECT l.case_id AS "caseId", c.case_no AS "caseNo", l.key_person_id AS "keyPersonId", k.name, k.risk_level AS "riskLevel",
              k.reason, l.matched_on AS "matchedOn", l.linked_at AS "linkedAt"
         FROM case_key_person_links l JOIN key_persons k ON k.id = l.key_person_id LEFT JOIN cases c ON c.id = l.case_id
        WHERE ${column} = $1 ORDER BY l.linked_at DESC LIMIT 200`,
      [value],
    );
  }

  async isCaseLinked(caseId: string): Promise<boolean> {
    const [row]: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM case_key_person_links WHERE case_id = $1 LIMIT 1',
      [caseId],
    );
    return row !== undefined;
  }

  /** What the watch needs; null for an unknown key person. */
  async planSource(keyPersonId: string): Promise<VisitPlanSource | null> {
    const person = await this.findById(keyPersonId);
    if (!person) return null;
    const rule = (await this.visitPolicy()).find((r) => r.riskLevel === person.riskLevel);
    if (!rule) throw new Error(`no visit rule for risk level ${person.riskLevel}`);
    return {
      active: person.active,
      centerCode: person.centerCode,
      since: new Date(person.lastVisitAt ?? person.registeredAt),
      round: person.visitCount,
      rule,
    };
  }

  /** Stores a missed-visit alert once: in the log the alerts are rebuilt from, and on the desk's alerts table (pushed live by its trigger). */
  async raiseAlert(alert: KeyPersonAlert): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO key_person_alert_log (key_person_id, seq, kind, level, center_code, deadline, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [alert.keyPersonId, alert.seq, alert.kind, alert.level, alert.centerCode, alert.deadline, alert.raisedAt],
      );
      await restoreKeyPersonAlerts(tx, { keyPersonId: alert.keyPersonId, seq: alert.seq });
    });
  }
}

/**
 * Copies missed-visit alerts from their log into the alerts table (all of them: after a rebuild
 * emptied it; or one). The id is the one the cases' alerts get (md5 of subject and seq), so
 * acknowledgements apply again.
 */
export function restoreKeyPersonAlerts(
  runner: Pick<QueryRunner, 'query'>,
  only?: { keyPersonId: string; seq: number },
): Promise<void> {
  return restoreLoggedAlerts(
    runner,
    { table: 'key_person_alert_log', subject: 'key_person_id', kind: KEY_PERSON_ALERT_REASON },
    only && { subjectId: only.keyPersonId, seq: only.seq },
  );
}
