import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { MEASURE_DAY_CARRY_WORKFLOW_TYPE, measureDayCarryScheduleId } from '@app/contracts';
import { OFFICE_UTC_OFFSET_HOURS } from '@app/domain/calendar/office-time';

/**
 * When the carry runs: one minute after each office midnight (00:01 UTC+8, i.e. 16:01 UTC, so
 * that the server needs no time-zone data). Appends of the new day make their own rows.
 */
export const MEASURE_DAY_CARRY_SPEC = {
  calendars: [{ hour: (24 - OFFICE_UTC_OFFSET_HOURS) % 24, minute: 1, comment: '00:01 office time (UTC+8)' }],
};

/**
 * Creates the task queue's Schedule `measure-day-carry-<task queue>` if it does not exist yet (every worker calls this at
 * start; the first one creates it), then triggers one run, as the worker carried the totals at
 * start before. Returns whether this call created the Schedule.
 */
export async function ensureMeasureDayCarry(client: Client, taskQueue: string): Promise<boolean> {
  let created = true;
  try {
    await client.schedule.create({
      scheduleId: measureDayCarryScheduleId(taskQueue),
      spec: MEASURE_DAY_CARRY_SPEC,
      action: {
        type: 'startWorkflow',
        workflowType: MEASURE_DAY_CARRY_WORKFLOW_TYPE,
        taskQueue,
        workflowId: measureDayCarryScheduleId(taskQueue),
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { what: 'gives every measure key a row on the new office day (stats read boundary days by index range)' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    created = false;
  }
  await client.schedule.getHandle(measureDayCarryScheduleId(taskQueue)).trigger(ScheduleOverlapPolicy.SKIP);
  return created;
}
