import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { MONTHLY_BRIEFING_WORKFLOW_TYPE, monthlyBriefingScheduleId } from '@app/contracts';
import { OFFICE_UTC_OFFSET_HOURS } from '@app/domain/calendar/office-time';

/**
 * When the monthly briefing's run comes: every day at 00:30 office time (16:30 UTC, so that the
 * server needs no time-zone data). The run itself decides by the working calendar whether a
 * month's briefing is due (on and after the month's first working day, once): a Schedule's
 * calendar cannot know the holidays an ADMIN keeps.
 */
export const MONTHLY_BRIEFING_SPEC = {
  calendars: [
    {
      hour: (24 - OFFICE_UTC_OFFSET_HOURS) % 24,
      minute: 30,
      comment: "00:30 office time (UTC+8); the run generates the previous month's briefing on the first working day",
    },
  ],
};

/**
 * Creates the task queue's Schedule `monthly-briefing-<task queue>` if it does not exist yet (every
 * worker calls this at start; the first one creates it). Returns whether this call created it.
 */
export async function ensureMonthlyBriefing(client: Client, taskQueue: string): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: monthlyBriefingScheduleId(taskQueue),
      spec: MONTHLY_BRIEFING_SPEC,
      action: {
        type: 'startWorkflow',
        workflowType: MONTHLY_BRIEFING_WORKFLOW_TYPE,
        taskQueue,
        workflowId: monthlyBriefingScheduleId(taskQueue),
        args: [{}],
      },
      // A day missed while Temporal was down is run when it is back (the month is kept once).
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { what: "generates the previous month's briefing (通报) on the first working day of the month" },
    });
    return true;
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    return false;
  }
}
