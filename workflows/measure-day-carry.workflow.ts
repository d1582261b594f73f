import { proxyActivities } from '@temporalio/workflow';
import type { MeasureDayCarryActivities, MeasureDayCarryResult } from '@app/contracts';

const { carryMeasureTotalsToday } = proxyActivities<MeasureDayCarryActivities>({
  startToCloseTimeout: '10 minutes',
  // Only speed depends on the carry (stats read a key's latest row before a day without one).
  retry: { maximumAttempts: 5 },
});

/** Started by the Schedule `measure-day-carry-<task queue>` (apps/worker/src/measure-day-carry.ts). */
export async function measureDayCarryWorkflow(): Promise<MeasureDayCarryResult> {
  return carryMeasureTotalsToday();
}
