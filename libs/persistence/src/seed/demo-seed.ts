import { DataSource } from 'typeorm';
import { CHINA_CALENDAR_2026, CHINA_CALENDAR_2027 } from '@app/domain/calendar/working-calendar';
import { DEFAULT_SLA_POLICY } from '@app/domain/sla/sla-policy';
import { DEMO_ACCOUNTS, DEMO_TERRITORY, type Territory } from '@app/domain/territory';
import { hashPassword } from '../password-hash';

export interface SeedResult {
  grids: number;
  units: number;
  accountsCreated: number;
}

/**
 * Loads the territory (upserted: the demo data is the source of truth for its own rows) and the
 * demo accounts (created once: a changed password is left alone). Safe to run at every start.
 */
export async function seedDemoData(dataSource: DataSource, demoPassword: string, territory: Territory = DEMO_TERRITORY): Promise<SeedResult> {
  const existing: { username: string }[] = await dataSource.query('SELECT username FROM users WHERE username = ANY($1)', [
    DEMO_ACCOUNTS.map((a) => a.username),
  ]);
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.some((e) => e.username === a.username));
  const hashes = await Promise.all(missing.map(() => hashPassword(demoPassword)));

  await dataSource.transaction(async (tx) => {
    for (const center of territory.centers) {
      await tx.query('INSERT INTO centers (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name', [
        center.code,
        center.name,
      ]);
    }
    // Parents before children: the street grid, then community grids, then base grids.
    const order = { STREET: 0, COMMUNITY: 1, BASE: 2 } as const;
    for (const grid of [...territory.grids].sort((a, b) => order[a.level] - order[b.level])) {
      await tx.query(
        `INSERT INTO grids (code, name, level, parent_code, community_code) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level,
           parent_code = EXCLUDED.parent_code, community_code = EXCLUDED.community_code`,
        [grid.code, grid.name, grid.level, grid.parentCode ?? null, grid.communityCode ?? null],
      );
    }
    for (const community of territory.communities) {
      await tx.query(
        `INSERT INTO communities (code, name, grid_code) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, grid_code = EXCLUDED.grid_code`,
        [community.code, community.name, community.gridCode],
      );
    }
    for (const unit of territory.units) {
      await tx.query(
        `INSERT INTO units (id, code, name, center_code, level, community_code, is_main) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, center_code = EXCLUDED.center_code,
           level = EXCLUDED.level, community_code = EXCLUDED.community_code, is_main = EXCLUDED.is_main`,
        [unit.id, unit.code, unit.name, unit.centerCode, unit.level, unit.communityCode ?? null, unit.isMain ?? false],
      );
    }
    // The office's SLA policy and calendar are ADMIN data: seeded once, never overwritten.
    await tx.query(`INSERT INTO sla_policies (name, policy, updated_by) VALUES ('default', $1, 'seed') ON CONFLICT DO NOTHING`, [
      JSON.stringify(DEFAULT_SLA_POLICY),
    ]);
    for (const calendar of [CHINA_CALENDAR_2026, CHINA_CALENDAR_2027]) {
      await tx.query(
        `INSERT INTO calendar_years (year, holidays, workdays) VALUES ($1, $2::date[], $3::date[]) ON CONFLICT DO NOTHING`,
        [calendar.year, calendar.holidays, calendar.workdays],
      );
    }
    for (const [i, account] of missing.entries()) {
      await tx.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, center_code, unit_ids, supervisor_level, grid_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [
          account.id,
          account.username,
          account.displayName,
          hashes[i],
          account.roles,
          account.centerCode ?? null,
          account.unitIds,
          account.supervisorLevel ?? null,
          account.gridCode ?? null,
        ],
      );
    }
  });
  return { grids: territory.grids.length, units: territory.units.length, accountsCreated: missing.length };
}
