import { DataSource } from 'typeorm';
import type { GivenSlaSettings, SlaSettings } from '@app/contracts';
import { officeYear } from '@app/domain/calendar/office-time';
import type { CalendarYear } from '@app/domain/calendar/working-calendar';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '@app/domain/sla/sla-policy';

/** A year deadlines were computed into without its holiday calendar (Monday to Friday counted instead). */
export interface CalendarGap {
  year: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lookups: number;
}

/** SLA policies and the holiday calendar: data an ADMIN maintains, read when a deadline is set. */
export class SlaSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The named policy, or the office's default where that name is unknown (a case must never
   * stall for want of a policy), and the calendar years asked for that are loaded.
   */
  async load(policyName: string, years: number[]): Promise<SlaSettings> {
    // One round trip (issue 16: it runs with every intake and every action that sets a deadline).
    const [row]: { policy: SlaPolicy | null; fallback: SlaPolicy | null; calendar: CalendarYear[] }[] =
      await this.dataSource.query(
        `SELECT (SELECT policy FROM sla_policies WHERE name = $1) AS policy,
                (SELECT policy FROM sla_policies WHERE name = 'default') AS fallback,
                (SELECT coalesce(json_agg(json_build_object('year', year, 'holidays', holidays, 'workdays', workdays)
                                          ORDER BY year), '[]'::json)
                   FROM calendar_years WHERE year = ANY($2)) AS calendar`,
        [policyName, years],
      );
    const policy = row.policy ?? row.fallback ?? DEFAULT_SLA_POLICY;
    const calendar = row.calendar;
    const missing = years.filter((year) => !calendar.some((c) => c.year === year));
    // Deadlines into these years count Monday to Friday: said, not silent (calendarGaps, /health).
    if (missing.length > 0) await this.noteCalendarGaps(missing);
    return { policy, calendar };
  }

  /**
   * The settings a decision taken at `at` computes its deadlines with: the policy and the calendar
   * of the office year and the next (the years the workflow's clock asks for), to send with an
   * intake or an action (DisputeWorkflowInput.slaSettings, ActionInput.slaSettings).
   */
  async given(policyName: string, at: Date): Promise<GivenSlaSettings> {
    const year = officeYear(at.getTime());
    const years = [year, year + 1];
    return { policyName, years, settings: await this.load(policyName, years) };
  }

  /** Years asked for without a calendar, until an ADMIN loads theirs: for /health and the admin desk. */
  async calendarGaps(): Promise<CalendarGap[]> {
    const rows: { year: number; first_seen_at: Date; last_seen_at: Date; lookups: string }[] =
      await this.dataSource.query('SELECT year, first_seen_at, last_seen_at, lookups FROM calendar_gaps ORDER BY year');
    return rows.map((r) => ({
      year: r.year,
      firstSeenAt: new Date(r.first_seen_at),
      lastSeenAt: new Date(r.last_seen_at),
      lookups: Number(r.lookups),
    }));
  }

  private async noteCalendarGaps(years: number[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO calendar_gaps (year) SELECT unnest($1::int[])
       ON CONFLICT (year) DO UPDATE SET last_seen_at = now(), lookups = calendar_gaps.lookups + 1`,
      [years],
    );
  }

  async calendarYears(years: number[]): Promise<CalendarYear[]> {
    const rows: { year: number; holidays: string[]; workdays: string[] }[] = await this.dataSource.query(
      `SELECT year, to_json(holidays) AS holidays, to_json(workdays) AS workdays FROM calendar_years WHERE year = ANY($1) ORDER BY year`,
      [years],
    );
    return rows.map((r) => ({ year: r.year, holidays: r.holidays, workdays: r.workdays }));
  }

  async savePolicy(name: string, policy: SlaPolicy, updatedBy: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sla_policies (name, policy, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [name, JSON.stringify(policy), updatedBy],
    );
  }

  async saveCalendarYear(calendar: CalendarYear): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO calendar_years (year, holidays, workdays) VALUES ($1, $2::date[], $3::date[])
       ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, updated_at = now()`,
      [calendar.year, calendar.holidays, calendar.workdays],
    );
    await this.dataSource.query('DELETE FROM calendar_gaps WHERE year = $1', [calendar.year]);
  }
}
