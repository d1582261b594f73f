/**
 * Pure look-ups over a Territory (demo or loaded from the database). No I/O, no state.
 */
import type { CenterCode, GridLevel } from '../enums';
import type { Community, Grid, Territory, Unit, UnitResolutionInput } from './territory.types';

export function findGrid(territory: Territory, code: string): Grid | undefined {
  return territory.grids.find((g) => g.code === code);
}

export function findUnit(territory: Territory, unitId: string): Unit | undefined {
  return territory.units.find((u) => u.id === unitId);
}

export function findCommunity(territory: Territory, communityCode: string): Community | undefined {
  return territory.communities.find((c) => c.code === communityCode);
}

/** The community a grid belongs to; undefined for the street grid and for unknown grids. */
export function communityOfGrid(territory: Territory, gridCode: string): Community | undefined {
  const grid = findGrid(territory, gridCode);
  if (!grid || grid.level === 'STREET') return undefined;
  const code =
    grid.communityCode ??
    (grid.level === 'COMMUNITY' ? territory.communities.find((c) => c.gridCode === grid.code)?.code : undefined);
  return code === undefined ? undefined : findCommunity(territory, code);
}

/** STREET, COMMUNITY or BASE; undefined for an unknown grid code. */
export function gridLevel(territory: Territory, gridCode: string): GridLevel | undefined {
  return findGrid(territory, gridCode)?.level;
}

/** All units of a center, in territory order. */
export function unitsOfCenter(territory: Territory, centerCode: CenterCode): Unit[] {
  return territory.units.filter((u) => u.centerCode === centerCode);
}

/** Base grids of a community, in territory order. */
export function baseGridsOfCommunity(territory: Territory, communityCode: string): Grid[] {
  return territory.grids.filter((g) => g.level === 'BASE' && g.communityCode === communityCode);
}

/**
 * The center's main street-level unit: the STREET unit marked `isMain`, else its first STREET
 * unit, else its first unit. In the demo territory: TJ → street mediation committee,
 * ZZ → comprehensive-governance office, XF → petition office, WG → grid dispatch.
 * Throws if the center has no unit at all (a broken territory, not a routing outcome).
 */
export function mainUnitOfCenter(territory: Territory, centerCode: CenterCode): Unit {
  const units = unitsOfCenter(territory, centerCode);
  const street = units.filter((u) => u.level === 'STREET');
  const unit = street.find((u) => u.isMain) ?? street[0] ?? units[0];
  if (!unit) throw new Error(`territory ${territory.streetCode}: center ${centerCode} has no unit`);
  return unit;
}

/**
 * The unit a routing decision lands on.
 * - unitLevel COMMUNITY: the center's community-level unit of the community that contains the
 *   grid (for TJ: that community's mediation committee). Falls back to the center's main street
 *   unit when the grid has no community (street grid, unknown grid) or the center has no unit in
 *   that community (ZZ, XF, WG have none in the demo territory).
 * - unitLevel STREET: the center's main street unit.
 */
export function resolveUnit(territory: Territory, input: UnitResolutionInput): Unit {
  const { centerCode, unitLevel, gridCode } = input;
  if (unitLevel === 'COMMUNITY') {
    const community = communityOfGrid(territory, gridCode);
    if (community) {
      const local = territory.units.filter(
        (u) => u.centerCode === centerCode && u.level === 'COMMUNITY' && u.communityCode === community.code,
      );
      const unit = local.find((u) => u.isMain) ?? local[0];
      if (unit) return unit;
    }
  }
  return mainUnitOfCenter(territory, centerCode);
}
