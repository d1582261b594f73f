import { DataSource } from 'typeorm';
import type { CenterCode, GridLevel, UnitLevel } from '@app/domain/enums';
import type { Grid, Territory, Unit } from '@app/domain/territory/territory.types';
import { CenterEntity, CommunityEntity, GridEntity, UnitEntity } from '../entities/territory.entities';

const GRID_LEVEL_ORDER: Record<string, number> = { STREET: 0, COMMUNITY: 1, BASE: 2 };
const UNIT_LEVEL_ORDER: Record<string, number> = { STREET: 0, COMMUNITY: 1 };

export class TerritoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The grid, active or not (`active` says which: an inactive grid takes no new report). */
  findGrid(code: string): Promise<GridEntity | null> {
    return this.dataSource.getRepository(GridEntity).findOneBy({ code });
  }

  /**
   * The working territory as the database holds it: grids street → community → base, units street
   * before community, each by code. The street is the STREET-level grid: its code is the street
   * code and its name stands for the street's name (no table of its own holds either).
   * Deactivated rows are left out (forms, routing, account checks), except grids and communities
   * with `withInactiveGrids` (an open case in a deactivated grid still gets a routing suggestion).
   */
  async load(options: { withInactiveGrids?: boolean } = {}): Promise<Territory> {
    const all = await this.loadAll();
    const keep = <T extends { active: boolean }>(rows: T[], inactiveToo = false) =>
      rows.filter((row) => row.active || inactiveToo);
    return toTerritory({
      centers: keep(all.centers),
      communities: keep(all.communities, options.withInactiveGrids),
      grids: keep(all.grids, options.withInactiveGrids),
      units: keep(all.units),
    });
  }

  /** Every row, deactivated ones included, with its `active` flag: the admin's view and the import's. */
  async loadAll(): Promise<{
    centers: CenterEntity[];
    communities: CommunityEntity[];
    grids: GridEntity[];
    units: UnitEntity[];
  }> {
    const [centers, communities, grids, units] = await Promise.all([
      this.dataSource.getRepository(CenterEntity).find({ order: { code: 'ASC' } }),
      this.dataSource.getRepository(CommunityEntity).find({ order: { code: 'ASC' } }),
      this.dataSource.getRepository(GridEntity).find({ order: { code: 'ASC' } }),
      this.dataSource.getRepository(UnitEntity).find({ order: { code: 'ASC' } }),
    ]);
    return { centers, communities, grids, units };
  }
}

/** Database rows as the domain's Territory, in its order (see TerritoryRepository.load). */
export function toTerritory(rows: {
  centers: CenterEntity[];
  communities: CommunityEntity[];
  grids: GridEntity[];
  units: UnitEntity[];
}): Territory {
  const { centers, communities } = rows;
  const grids = [...rows.grids].sort((a, b) => GRID_LEVEL_ORDER[a.level] - GRID_LEVEL_ORDER[b.level]);
  const units = [...rows.units].sort((a, b) => UNIT_LEVEL_ORDER[a.level] - UNIT_LEVEL_ORDER[b.level]);
  const street = grids.find((g) => g.level === 'STREET');
  return {
    streetCode: street?.code ?? '',
    streetName: street?.name ?? '',
    centers: centers.map((c) => ({ code: c.code as CenterCode, name: c.name })),
    communities: communities.map((c) => ({ code: c.code, name: c.name, gridCode: c.gridCode })),
    grids: grids.map(toGrid),
    units: units.map(toUnit),
  };
}

function toGrid(row: GridEntity): Grid {
  const grid: Grid = { code: row.code, name: row.name, level: row.level as GridLevel };
  if (row.parentCode !== null) grid.parentCode = row.parentCode;
  if (row.communityCode !== null) grid.communityCode = row.communityCode;
  return grid;
}

function toUnit(row: UnitEntity): Unit {
  const unit: Unit = {
    id: row.id,
    code: row.code,
    name: row.name,
    centerCode: row.centerCode as CenterCode,
    level: row.level as UnitLevel,
  };
  if (row.communityCode !== null) unit.communityCode = row.communityCode;
  if (row.isMain) unit.isMain = true;
  return unit;
}
