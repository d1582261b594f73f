import { proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { ScreeningDriveActivities, ScreeningDriveInput } from '@app/contracts';

const { planScreeningDrive, raiseScreeningDriveAlerts, closeScreeningDrive } =
  proxyLocalActivities<ScreeningDriveActivities>({
    startToCloseTimeout: '30 seconds',
    // The drive is in PostgreSQL: while it is away the drive waits and tries again.
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
  });

/**
 * One per screening drive (id `screening-drive-<id>`), started when the drive is opened. It waits
 * on Temporal timers for the drive's two points: at 80 % of the period it warns the community of
 * every grid without a screening, at the end it escalates every grid still without one, then
 * records the drive's end. Which grids are unscreened is read when each point fires, so a
 * screening needs no signal. The timers survive restarts of every process; a point that fell due
 * while the worker or Temporal was away fires on their return, and each grid's alert is stored once.
 */
export async function screeningDriveWorkflow(input: ScreeningDriveInput): Promise<void> {
  const plan = await planScreeningDrive(input.driveId);
  if (plan === null) return;
  for (const point of plan.points) {
    const wait = Date.parse(point.at) - Date.now();
    if (wait > 0) await sleep(wait);
    await raiseScreeningDriveAlerts({ driveId: input.driveId, point, raisedAt: new Date(Date.now()).toISOString() });
  }
  await closeScreeningDrive({ driveId: input.driveId, closedAt: new Date(Date.now()).toISOString() });
}
