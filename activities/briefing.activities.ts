import type { DataSource } from 'typeorm';
import type { MonthlyBriefingActivities } from '@app/contracts';
import { monthDueOn } from '@app/domain/briefing/briefing';
import { officeDate } from '@app/domain/calendar/office-time';
import { WorkingCalendar } from '@app/domain/calendar/working-calendar';
import { BriefingGenerator } from '@app/persistence/briefing/briefing-generator';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';

/**
 * The Schedule's run: on and after the first working day of the office month (the holiday
 * calendar an ADMIN keeps; a year without one counts Monday to Friday), the previous month's
 * briefing is generated and kept, once. `now`: the clock (tests move it).
 */
export function briefingActivities(
  dataSource: DataSource,
  now: () => Date = () => new Date(),
): MonthlyBriefingActivities {
  const generator = new BriefingGenerator(dataSource);
  const settings = new SlaSettingsRepository(dataSource);
  return {
    async generateMonthlyBriefing(input) {
      const at = now();
      const day = officeDate(at);
      let month = input.month ?? null;
      if (!month) {
        const year = Number(day.slice(0, 4));
        const calendar = new WorkingCalendar(await settings.calendarYears([year]));
        month = monthDueOn(calendar, day);
      }
      if (!month) return { day, month: null, briefingId: null, created: false };
      const { briefing, created } = await generator.generate({ kind: 'MONTHLY', month, by: null }, at);
      return { day, month, briefingId: briefing.id, created };
    },
  };
}
