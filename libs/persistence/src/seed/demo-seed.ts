import { DataSource } from 'typeorm';
import { CHINA_CALENDAR_2026, CHINA_CALENDAR_2027 } from '@app/domain/calendar/working-calendar';
import { DEFAULT_SLA_POLICY } from '@app/domain/sla/sla-policy';
import { DEMO_ACCOUNTS, DEMO_RESIDENT_GROUPS, DEMO_TERRITORY, type Territory } from '@app/domain/territory';
import { hashPassword } from '../password-hash';
import { contentOfTerritory, importTerritory } from '../territory-import';

export interface SeedResult {
  grids: number;
  units: number;
  accountsCreated: number;
}

/**
 * Loads the territory through the territory import (the demo data is the source of truth for its
 * own rows; rows it does not name are left alone) and the demo accounts (created once: a changed
 * password is left alone). Safe to run at every start.
 */
export async function seedDemoData(
  dataSource: DataSource,
  demoPassword: string,
  territory: Territory = DEMO_TERRITORY,
): Promise<SeedResult> {
  const existing: { username: string }[] = await dataSource.query(
    'SELECT username FROM users WHERE username = ANY($1)',
    [DEMO_ACCOUNTS.map((a) => a.username)],
  );
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.some((e) => e.username === a.username));
  const hashes = await Promise.all(missing.map(() => hashPassword(demoPassword)));

  await dataSource.transaction(async (tx) => {
    // The territory goes through the import of territory files (npm run territory:import):
    // the demo territory is such a file, libs/domain/src/territory/files/demo-territory.json.
    await importTerritory(tx, contentOfTerritory(territory));
    // The office's SLA policy and calendar are ADMIN data: seeded once, never overwritten.
    await tx.query(
      `INSERT INTO sla_policies (name, policy, updated_by) VALUES ('default', $1, 'seed') ON CONFLICT DO NOTHING`,
      [JSON.stringify(DEFAULT_SLA_POLICY)],
    );
    for (const calendar of [CHINA_CALENDAR_2026, CHINA_CALENDAR_2027]) {
      await tx.query(
        `INSERT INTO calendar_years (year, holidays, workdays) VALUES ($1, $2::date[], $3::date[]) ON CONFLICT DO NOTHING`,
        [calendar.year, calendar.holidays, calendar.workdays],
      );
    }
    // Resident groups (居民小组) are data too: the demo's, created once.
    for (const group of DEMO_RESIDENT_GROUPS) {
      await tx.query(`INSERT INTO resident_groups (code, name, grid_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        group.code,
        group.name,
        group.gridCode,
      ]);
    }
    for (const [i, account] of missing.entries()) {
      await tx.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, center_code, unit_ids, supervisor_level, grid_code, resident_group_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
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
          account.residentGroupCode ?? null,
        ],
      );
    }
  });
  return { grids: territory.grids.length, units: territory.units.length, accountsCreated: missing.length };
}
