import type { INestApplication } from '@nestjs/common';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

/** Issue 13 rule 8 (DOMAIN.md): a deadline into a year without its calendar is never computed silently. */
describe('deadlines into a year whose holiday calendar is not loaded (gateway + real PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  // A year far enough ahead that no other test loads it.
  const YEAR = 2097;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    admin = await anonymous.login('admin');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it('the settings read for a deadline note the missing year; /health and the admin desk show it until the year is loaded', async () => {
    // What the workflow's settings activity does when it sets a deadline late in YEAR - 1.
    const settings = await new SlaSettingsRepository(harness.dataSource).load('default', [YEAR - 1, YEAR]);
    expect(settings.calendar).toEqual([]);

    const health = await anonymous.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.calendar).toEqual({
      missingYears: expect.arrayContaining([YEAR - 1, YEAR]),
      fallback: 'MONDAY_TO_FRIDAY',
    });
    const gaps = await admin.get('/api/admin/calendar-gaps');
    expect(gaps.status).toBe(200);
    expect(gaps.body.items.find((g: { year: number }) => g.year === YEAR)).toMatchObject({ year: YEAR, lookups: 1 });
    expect((await (await anonymous.login('clerk1')).get('/api/admin/calendar-gaps')).status).toBe(403);

    // Loading the year's calendar clears it.
    for (const year of [YEAR - 1, YEAR]) {
      expect(
        (await admin.request('PUT', `/api/admin/calendar/${year}`, { holidays: [`${year}-01-01`], workdays: [] }))
          .status,
      ).toBe(200);
    }
    const after = await admin.get('/api/admin/calendar-gaps');
    expect(after.body.items.map((g: { year: number }) => g.year)).not.toContain(YEAR);
    expect((await anonymous.get('/health')).body.calendar?.missingYears ?? []).not.toContain(YEAR);
  });
});
