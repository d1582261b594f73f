import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { BriefingExtras } from '@app/persistence/briefing/briefing-extras';
import { testConfig } from '../support/test-stack';

/**
 * The briefing's 协办按时率 and 排查覆盖率 columns (libs/persistence/src/briefing/briefing-extras.ts)
 * read from the joint-handling and screening-drive tables of the real PostgreSQL. The rows made
 * here carry a unit id and a community code of their own, so other suites' rows in the same
 * database never mix in.
 */
describe('the briefing extras (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const from = new Date('2001-03-01T00:00:00+08:00');
  const to = new Date('2001-04-01T00:00:00+08:00');
  const asOf = new Date('2001-03-20T00:00:00+08:00');

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 2);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('协办按时率: answered by the deadline over answered or due, withdrawn ones and ones not yet due left out, by the assisting unit', async () => {
    const unit = randomUUID();
    const assistance = (requestedAt: string, deadline: string, status: string, onTime: boolean | null) =>
      dataSource.query(
        `INSERT INTO case_assistances (id, case_id, unit_id, center_code, instruction, working_days, requested_by,
                                       requested_at, deadline, status, on_time, last_seq)
         VALUES ($1, $2, $3, 'TJ', '协办测试', 3, 'test', $4, $5, $6, $7, 1)`,
        [randomUUID(), randomUUID(), unit, requestedAt, deadline, status, onTime],
      );
    await assistance('2001-03-02T09:00:00+08:00', '2001-03-05T17:30:00+08:00', 'ANSWERED', true);
    await assistance('2001-03-02T10:00:00+08:00', '2001-03-05T17:30:00+08:00', 'ANSWERED', false);
    await assistance('2001-03-03T10:00:00+08:00', '2001-03-06T17:30:00+08:00', 'CLAIMED', null); // overdue, unanswered
    await assistance('2001-03-18T10:00:00+08:00', '2001-03-21T17:30:00+08:00', 'OPEN', null); // not yet due
    await assistance('2001-03-04T10:00:00+08:00', '2001-03-07T17:30:00+08:00', 'WITHDRAWN', null);
    await assistance('2001-04-02T10:00:00+08:00', '2001-04-05T17:30:00+08:00', 'ANSWERED', true); // after the period

    const extras = new BriefingExtras(dataSource);
    const byUnit = (await extras.read('unit', from, to, asOf)).assistanceOnTime!;
    expect(byUnit.get(unit)).toEqual({ total: 3, count: 1, rate: 1 / 3 });
    // Later, the open one is due too.
    const later = (await extras.read('unit', from, to, new Date('2001-03-25T00:00:00+08:00'))).assistanceOnTime!;
    expect(later.get(unit)).toEqual({ total: 4, count: 1, rate: 1 / 4 });
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

    const extras = new BriefingExtras(dataSource);
    const byCommunity = (await extras.read('community', from, to, asOf)).screeningCoverage!;
    expect(byCommunity.get(community)).toEqual({ total: 6, count: 5, rate: 5 / 6 });
    const street = (await extras.read('center', from, to, asOf)).screeningCoverage!;
    expect(street.get('WG')!.total).toBeGreaterThanOrEqual(6);
    expect((await extras.read('unit', from, to, asOf)).screeningCoverage).toBeNull();
  });
});
