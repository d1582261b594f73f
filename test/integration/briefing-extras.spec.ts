import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { screeningCoverage } from '@app/persistence/briefing/briefing-extras';
import { testConfig } from '../support/test-stack';

/**
 * The briefing's 排查覆盖率 (libs/persistence/src/briefing/briefing-extras.ts) read from the
 * screening-drive tables of the real PostgreSQL. The rows made here carry a community code of
 * their own, so other suites' rows in the same database never mix in.
 */
describe('the briefing extras (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const from = new Date('2001-03-01T00:00:00+08:00');
  const to = new Date('2001-04-01T00:00:00+08:00');

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 2);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('排查覆盖率: grids screened over grids covered, of the drives that ended in the period, by community; none for units', async () => {
    const community = `T${randomUUID().slice(0, 8)}`;
    const grids: { code: string }[] = await dataSource.query(
      `SELECT code FROM grids WHERE level = 'BASE' ORDER BY code LIMIT 3`,
    );
    expect(grids).toHaveLength(3);
    const drive = async (endsAt: string, screened: number) => {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO screening_drives (id, title, starts_at, ends_at, opened_by)
         VALUES ($1, '覆盖率测试', $2::timestamptz - interval '7 days', $2, $3)`,
        [id, endsAt, randomUUID()],
      );
      for (const [position, grid] of grids.entries()) {
        await dataSource.query(
          `INSERT INTO screening_drive_grids (drive_id, grid_code, community_code, position) VALUES ($1, $2, $3, $4)`,
          [id, grid.code, community, position],
        );
        if (position < screened) {
          await dataSource.query(
            `INSERT INTO screening_records (drive_id, grid_code, nothing_found, finding_count, screened_by)
             VALUES ($1, $2, true, 0, $3)`,
            [id, grid.code, randomUUID()],
          );
        }
      }
    };
    await drive('2001-03-10T17:30:00+08:00', 2);
    await drive('2001-03-31T17:30:00+08:00', 3);
    await drive('2001-04-10T17:30:00+08:00', 0); // ends after the period

    const byCommunity = (await screeningCoverage(dataSource, 'community', from, to))!;
    expect(byCommunity.get(community)).toEqual({ total: 6, count: 5, rate: 5 / 6 });
    const street = (await screeningCoverage(dataSource, 'center', from, to))!;
    expect(street.get('WG')!.total).toBeGreaterThanOrEqual(6);
    expect(await screeningCoverage(dataSource, 'unit', from, to)).toBeNull();
  });
});
