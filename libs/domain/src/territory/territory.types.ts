import type { CenterCode, GridLevel, UnitLevel } from '../enums';

/** One of the four merged centers (DOMAIN.md "Where it comes from"). */
export interface Center {
  code: CenterCode;
  name: string;
}

/**
 * A grid of the street's hierarchy: one STREET grid, one COMMUNITY grid per community, and the
 * BASE grids a grid worker patrols.
 * - `parentCode`: none for the street grid; the street grid for a community grid; the community
 *   grid for a base grid.
 * - `communityCode`: the community the grid belongs to (community and base grids); none for the
 *   street grid.
 */
export interface Grid {
  code: string;
  name: string;
  level: GridLevel;
  parentCode?: string;
  communityCode?: string;
}

/** A village/community (村/社区); `gridCode` is its COMMUNITY-level grid. */
export interface Community {
  code: string;
  name: string;
  gridCode: string;
}

/**
 * A handling unit (a task pool), owned by a center. COMMUNITY-level units belong to one
 * community (`communityCode`); STREET-level units serve the whole street.
 * `isMain` marks the center's main street-level unit: where routing lands when no more specific
 * unit applies (see `resolveUnit`).
 */
export interface Unit {
  /** A fixed UUID, so accounts and rules can reference it. */
  id: string;
  code: string;
  name: string;
  centerCode: CenterCode;
  level: UnitLevel;
  communityCode?: string;
  isMain?: boolean;
}

export interface Territory {
  streetCode: string;
  streetName: string;
  centers: Center[];
  communities: Community[];
  grids: Grid[];
  units: Unit[];
}

/** The input of `resolveUnit`: a routing decision's center and unit level, and the case's grid. */
export interface UnitResolutionInput {
  centerCode: CenterCode;
  unitLevel: UnitLevel;
  gridCode: string;
}
