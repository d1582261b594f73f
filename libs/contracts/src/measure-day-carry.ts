/**
 * The measures' day carry (libs/persistence/src/measures.ts `carryMeasureTotals`) runs as a
 * Temporal Schedule a minute after each office midnight: visible, paused and triggered in the
 * Temporal UI like any other scheduled work, and run by whichever worker polls.
 */
/**
 * One Schedule per task queue (`measure-day-carry-<task queue>`): its runs go to the workers of
 * that queue, so a queue's workers never depend on another queue's (the tests run several queues
 * on one Temporal server; production runs one).
 */
export const measureDayCarryScheduleId = (taskQueue: string) => `measure-day-carry-${taskQueue}`;
export const MEASURE_DAY_CARRY_WORKFLOW_TYPE = 'measureDayCarryWorkflow';

export interface MeasureDayCarryResult {
  /** The office day ('YYYY-MM-DD') every key now has a row on. */
  day: string;
  /** Rows inserted (keys that had none on the day). */
  rows: number;
}

export interface MeasureDayCarryActivities {
  carryMeasureTotalsToday(): Promise<MeasureDayCarryResult>;
}
