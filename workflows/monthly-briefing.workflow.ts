import { proxyActivities } from '@temporalio/workflow';
import type { MonthlyBriefingActivities, MonthlyBriefingInput, MonthlyBriefingResult } from '@app/contracts';

const { generateMonthlyBriefing } = proxyActivities<MonthlyBriefingActivities>({
  startToCloseTimeout: '10 minutes',
  // A month is kept once (unique per month), so a retried run never keeps it twice.
  retry: { maximumAttempts: 5 },
});

/** Started by the Schedule `monthly-briefing-<task queue>` (apps/worker/src/monthly-briefing.ts). */
export async function monthlyBriefingWorkflow(input: MonthlyBriefingInput = {}): Promise<MonthlyBriefingResult> {
  return generateMonthlyBriefing(input);
}
