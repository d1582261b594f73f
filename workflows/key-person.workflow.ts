import { condition, continueAsNew, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import { replanVisitsSignal, type KeyPersonActivities, type KeyPersonWatchInput } from '@app/contracts';

const { planKeyPersonVisits, raiseKeyPersonAlert } = proxyLocalActivities<KeyPersonActivities>({
  startToCloseTimeout: '30 seconds',
  // The register is in PostgreSQL: while it is away the watch waits and tries again.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** Replans before the history grows long: then the watch continues as new (its state is in the register). */
const REPLANS_PER_RUN = 200;

/**
 * One per key person (id `key-person-<id>`), started when the person is registered. Each round
 * reads the register (last visit, risk level, the level's visit interval) and raises, once each,
 * the warning at 80 % of the interval, level 1 at the due time and levels 2 and 3 at their
 * offsets after it, unless `replanVisits` arrives first (a visit was recorded, the person
 * changed): then it reads the register again. The timers are Temporal's, so they survive
 * restarts of every process; a point that fell due while the worker was away fires on its return.
 */
export async function keyPersonWatchWorkflow(input: KeyPersonWatchInput): Promise<void> {
  let changed = false;
  setHandler(replanVisitsSignal, () => {
    changed = true;
  });
  for (let replans = 0; replans < REPLANS_PER_RUN; replans++) {
    changed = false;
    const plan = await planKeyPersonVisits(input.keyPersonId);
    if (plan === null) return;
    if (plan.active) {
      for (const point of plan.points) {
        const wait = Date.parse(point.at) - Date.now();
        if (changed || (wait > 0 && (await condition(() => changed, wait)))) break;
        await raiseKeyPersonAlert({
          keyPersonId: input.keyPersonId,
          round: plan.round,
          point,
          dueAt: plan.dueAt,
          centerCode: plan.centerCode,
          raisedAt: new Date(Date.now()).toISOString(),
        });
      }
    }
    await condition(() => changed);
  }
  await continueAsNew<typeof keyPersonWatchWorkflow>(input);
}
