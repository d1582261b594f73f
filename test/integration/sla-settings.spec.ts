import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '@app/domain/sla/sla-policy';
import { testConfig } from '../support/test-stack';

/**
 * The SLA settings as an intake or an action reads them (one round trip, issue 16): the named
 * policy or the office's default, the calendar years asked for that are loaded, and the years
 * without a calendar noted for the admin desk.
 */
describe('SLA settings read for a deadline (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let settings: SlaSettingsRepository;
  // Years no other test loads a calendar for (calendar-gaps.e2e.spec.ts takes 2096 and 2097; the
  // projects share one database when run together, as `npm run test:lts` does).
  const year = 2200 + Math.floor(Math.random() * 50) * 2;

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 2);
    await dataSource.initialize();
    settings = new SlaSettingsRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const drill: SlaPolicy = {
    ...DEFAULT_SLA_POLICY,
    rules: DEFAULT_SLA_POLICY.rules.map((rule) => ({ ...rule, duration: 'PT7H' })),
  };

  it('gives the named policy and the loaded calendar years, as the calendar read gives them', async () => {
    const name = `test-${randomUUID()}`;
    await settings.savePolicy(name, drill, 'test');
    await settings.saveCalendarYear({
      year,
      holidays: [`${year}-01-01`, `${year}-10-01`],
      workdays: [`${year}-09-28`],
    });
    const loaded = await settings.load(name, [year]);
    expect(loaded.policy).toEqual(drill);
    expect(loaded.calendar).toEqual([
      { year, holidays: [`${year}-01-01`, `${year}-10-01`], workdays: [`${year}-09-28`] },
    ]);
    expect(loaded.calendar).toEqual(await settings.calendarYears([year]));
  });

  it("falls back to the office's default policy for an unknown name, and notes a year without its calendar", async () => {
    const [stored] = await dataSource.query(`SELECT policy FROM sla_policies WHERE name = 'default'`);
    const loaded = await settings.load(`unknown-${randomUUID()}`, [year, year + 1]);
    expect(loaded.policy).toEqual(stored?.policy ?? DEFAULT_SLA_POLICY);
    expect(loaded.calendar.map((c) => c.year)).toEqual([year]);
    expect((await settings.calendarGaps()).map((gap) => gap.year)).toContain(year + 1);
  });

  it('gives an empty calendar, never null, when no year asked for is loaded', async () => {
    const loaded = await settings.load('default', [year + 1]);
    expect(loaded.calendar).toEqual([]);
  });

  it('names the office year of the instant and the next with the settings (`given`)', async () => {
    const given = await settings.given('default', new Date(`${year}-06-01T04:00:00Z`));
    expect(given.policyName).toBe('default');
    expect(given.years).toEqual([year, year + 1]);
    expect(given.settings.calendar.map((c) => c.year)).toEqual([year]);
  });
});
