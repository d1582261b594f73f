import type { DataSource } from 'typeorm';
import type { MeasureDayCarryActivities } from '@app/contracts';
import { officeDate } from '@app/domain/calendar/office-time';
import { carryMeasureTotals } from '@app/persistence/measures';

/**
 * Gives every measure key a row on the current office day (carryMeasureTotals), so stats
 * queries read their boundary days by index range. Several runs at once are harmless: the keys'
 * locks and ON CONFLICT keep one row.
 */
export function measureActivities(dataSource: DataSource): MeasureDayCarryActivities {
  return {
    async carryMeasureTotalsToday() {
      const day = officeDate(Date.now());
      return { day, rows: await carryMeasureTotals(dataSource, day) };
    },
  };
}
