import { MEASURE_DAY_CARRY_WORKFLOW_TYPE, measureDayCarryScheduleId } from '@app/contracts';
import { officeDate } from '@app/domain/calendar/office-time';
import { ensureMeasureDayCarry } from '../../apps/worker/src/measure-day-carry';
import { startWorker, testConfig, type WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** A key of its own, with a row on an old day only, so the carry has something to add today. */
const KEY = { dim: 'category', grp: 'TEST_DAY_CARRY', metric: 'closure', sub: '' };

/** Issue 17: the measures' day carry runs as a Temporal Schedule, on the real dev server and PostgreSQL. */
describe('the measures day carry as a Temporal Schedule (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await startWorker(config);
    await harness.dataSource.query(
      `INSERT INTO measure_totals (dim, grp, metric, sub, day, n, hits, extra, ms) VALUES ($1, $2, $3, $4, '2020-01-01', 3, 1, 0, 0) ON CONFLICT DO NOTHING`,
      [KEY.dim, KEY.grp, KEY.metric, KEY.sub],
    );
    await harness.dataSource.query(
      `INSERT INTO measure_keys (dim, grp, metric, sub) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [KEY.dim, KEY.grp, KEY.metric, KEY.sub],
    );
  });
  afterAll(async () => {
    await harness?.dataSource.query('DELETE FROM measure_totals WHERE dim = $1 AND grp = $2', [KEY.dim, KEY.grp]);
    await harness?.dataSource.query('DELETE FROM measure_keys WHERE dim = $1 AND grp = $2', [KEY.dim, KEY.grp]);
    await harness?.stop();
  });

  it('is created once with its spec, triggered at start, and its run gives the key a row on today with the same figures', async () => {
    const first = await ensureMeasureDayCarry(harness.client, config.temporalTaskQueue);
    const again = await ensureMeasureDayCarry(harness.client, config.temporalTaskQueue);
    expect(again).toBe(false);
    expect(typeof first).toBe('boolean');

    const described = await harness.client.schedule
      .getHandle(measureDayCarryScheduleId(config.temporalTaskQueue))
      .describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: MEASURE_DAY_CARRY_WORKFLOW_TYPE,
      taskQueue: config.temporalTaskQueue,
    });
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 16, end: 16, step: 1 }], minute: [{ start: 1, end: 1, step: 1 }] }),
    ]);

    const today = officeDate(Date.now());
    const rows = await waitFor(`the carried row of ${today}`, async () => {
      const found: { n: string; hits: string }[] = await harness.dataSource.query(
        'SELECT n, hits FROM measure_totals WHERE dim = $1 AND grp = $2 AND metric = $3 AND sub = $4 AND day = $5::date',
        [KEY.dim, KEY.grp, KEY.metric, KEY.sub, today],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(rows).toEqual([{ n: '3', hits: '1' }]);
    // The runs are workflows of the schedule's type, visible like any other.
    expect(
      (await harness.client.schedule.getHandle(measureDayCarryScheduleId(config.temporalTaskQueue)).describe()).info
        .recentActions.length,
    ).toBeGreaterThan(0);
  });
});
