import { randomUUID } from 'crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Territory } from '@app/domain/territory/territory.types';
import {
  planTerritoryImport,
  readTerritoryFile,
  type TerritoryFileContent,
  type TerritoryFileFormat,
  type TerritoryImportPlan,
} from './territory-file';
import { CenterEntity, CommunityEntity, GridEntity, UnitEntity } from './entities/territory.entities';
import { toTerritory } from './repositories/territory.repository';

/** Every problem of a territory file, by line and field; nothing was written. */
export class TerritoryImportError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `territory not imported (nothing was written): ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'TerritoryImportError';
  }
}

export interface TerritoryImportResult {
  created: { centers: number; grids: number; communities: number; units: number };
  updated: { centers: number; grids: number; communities: number; units: number };
  unchanged: number;
}

/**
 * Imports a territory file's text: read, checked against the database and written in one
 * transaction, or refused whole with every problem named (TerritoryImportError).
 */
export async function importTerritoryFile(
  dataSource: DataSource,
  text: string,
  format: TerritoryFileFormat,
): Promise<TerritoryImportResult> {
  const { content, errors } = readTerritoryFile(text, format);
  if (errors.length > 0) throw new TerritoryImportError(errors);
  return dataSource.transaction((manager) => importTerritory(manager, content));
}

/** A Territory object (the demo's) as file content, each record placed by its list index. */
export function contentOfTerritory(territory: Territory): TerritoryFileContent {
  const at = <T>(list: string, values: T[]) =>
    values.map((value, i) => ({ value: { ...value }, where: `${list}[${i}]` }));
  return {
    streetCode: territory.streetCode,
    centers: at('centers', territory.centers),
    communities: at('communities', territory.communities),
    grids: at('grids', territory.grids),
    units: at('units', territory.units),
  };
}

/**
 * Plans and writes an import inside the caller's transaction. The territory tables are locked
 * against concurrent writers (another import, an ADMIN's edit) for the transaction: the plan is
 * made on the rows it writes over. Rows are inserted or updated, never deleted, and an existing
 * row's `active` flag is left as it is.
 */
export async function importTerritory(
  manager: EntityManager,
  content: TerritoryFileContent,
): Promise<TerritoryImportResult> {
  await manager.query('LOCK TABLE centers, grids, communities, units IN SHARE ROW EXCLUSIVE MODE');
  const current = toTerritory({
    centers: await manager.find(CenterEntity),
    communities: await manager.find(CommunityEntity),
    grids: await manager.find(GridEntity),
    units: await manager.find(UnitEntity),
  });
  const { plan, errors } = planTerritoryImport(content, current, randomUUID);
  if (!plan) throw new TerritoryImportError(errors);
  await write(manager, plan);
  const count = (key: 'create' | 'update') => ({
    centers: plan.centers[key].length,
    grids: plan.grids[key].length,
    communities: plan.communities[key].length,
    units: plan.units[key].length,
  });
  return { created: count('create'), updated: count('update'), unchanged: plan.unchanged };
}

async function write(manager: EntityManager, plan: TerritoryImportPlan): Promise<void> {
  for (const center of [...plan.centers.create, ...plan.centers.update]) {
    await manager.query(
      'INSERT INTO centers (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name',
      [center.code, center.name],
    );
  }
  // Parents before children (the plan lists grids street → community → base). A community
  // grid's community row may not exist yet: grids.community_code carries no foreign key.
  for (const grid of [...plan.grids.create, ...plan.grids.update].sort(
    (a, b) => levelOrder(a.level) - levelOrder(b.level),
  )) {
    await manager.query(
      `INSERT INTO grids (code, name, level, parent_code, community_code) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, community_code = EXCLUDED.community_code`,
      [grid.code, grid.name, grid.level, grid.parentCode ?? null, grid.communityCode ?? null],
    );
  }
  for (const community of [...plan.communities.create, ...plan.communities.update]) {
    await manager.query(
      `INSERT INTO communities (code, name, grid_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, grid_code = EXCLUDED.grid_code`,
      [community.code, community.name, community.gridCode],
    );
  }
  for (const unit of [...plan.units.create, ...plan.units.update]) {
    await manager.query(
      `INSERT INTO units (id, code, name, center_code, level, community_code, is_main) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name, center_code = EXCLUDED.center_code,
         level = EXCLUDED.level, community_code = EXCLUDED.community_code, is_main = EXCLUDED.is_main`,
      [unit.id, unit.code, unit.name, unit.centerCode, unit.level, unit.communityCode ?? null, unit.isMain ?? false],
    );
  }
}

const levelOrder = (level: string) => ({ STREET: 0, COMMUNITY: 1, BASE: 2 })[level] ?? 3;
