import { MigrationInterface, QueryRunner } from 'typeorm';

const dates = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

const days = (stage: string, workingDays: number) =>
  ['SIMPLE', 'GENERAL', 'MAJOR'].map((slaClass) => ({ stage, slaClass, workingDays }));
const calendarDays = (stage: string, duration: string) =>
  ['SIMPLE', 'GENERAL', 'MAJOR'].map((slaClass) => ({ stage, slaClass, duration }));

/**
 * DOMAIN.md's SLA table at the time of this migration (the domain's DEFAULT_SLA_POLICY, which a
 * unit test holds this copy to). Written out, not imported, so the migration stays what it was.
 */
export const REFERENCE_SLA_POLICY = {
  version: 1,
  rules: [
    ...days('DISCOVERY', 1),
    ...days('ACCEPTANCE', 1),
    ...['SIMPLE', 'GENERAL', 'MAJOR'].map((slaClass) => ({
      stage: 'ACCEPTANCE',
      slaClass,
      urgent: true,
      duration: 'PT2H',
    })),
    ...days('ROUTING', 1),
    { stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 5 },
    { stage: 'HANDLING', slaClass: 'GENERAL', workingDays: 15 },
    { stage: 'HANDLING', slaClass: 'MAJOR', workingDays: 30 },
    ...calendarDays('TRACKING', 'P7D'),
    ...days('SUPERVISION', 2),
    ...days('FEEDBACK', 2),
    ...calendarDays('EVALUATION', 'P7D'),
  ],
};

/**
 * The State Council's 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025):
 * whole holiday periods, weekends inside them included, and the make-up working weekends (调休).
 */
export const REFERENCE_CALENDAR_2026 = {
  year: 2026,
  holidays: [
    ...dates('2026-01-01', '2026-01-03'), // 元旦
    ...dates('2026-02-15', '2026-02-23'), // 春节
    ...dates('2026-04-04', '2026-04-06'), // 清明节
    ...dates('2026-05-01', '2026-05-05'), // 劳动节
    ...dates('2026-06-19', '2026-06-21'), // 端午节
    ...dates('2026-09-25', '2026-09-27'), // 中秋节
    ...dates('2026-10-01', '2026-10-07'), // 国庆节
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/**
 * The reference data a production install needs on day one, demo data or not: the office's
 * default SLA policy and the published holiday calendar (2026). The routing table is seeded by
 * RoutingRules1764356400000. Existing rows are left alone (ON CONFLICT DO NOTHING): an ADMIN's
 * edits and the demo seed's rows win.
 *
 * 2027 is not loaded: its schedule (the 调休 days) was not published when this was written. Until
 * an ADMIN loads it (PUT /api/admin/calendar/2027), deadlines that reach into 2027 count Monday
 * to Friday and the year is reported (GET /api/admin/calendar-gaps, /health): never silently.
 */
export class ReferenceData1796138636654 implements MigrationInterface {
  name = 'ReferenceData1796138636654';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO sla_policies (name, policy, updated_by) VALUES ('default', $1, 'migration') ON CONFLICT (name) DO NOTHING`,
      [JSON.stringify(REFERENCE_SLA_POLICY)],
    );
    await q.query(
      `INSERT INTO calendar_years (year, holidays, workdays) VALUES ($1, $2::date[], $3::date[]) ON CONFLICT (year) DO NOTHING`,
      [REFERENCE_CALENDAR_2026.year, REFERENCE_CALENDAR_2026.holidays, REFERENCE_CALENDAR_2026.workdays],
    );
    await q.query('DELETE FROM calendar_gaps WHERE year = $1', [REFERENCE_CALENDAR_2026.year]);
  }

  async down(): Promise<void> {
    // Data an ADMIN may have edited since: left in place.
  }
}
