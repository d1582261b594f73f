/**
 * The demo territory of DOMAIN.md "Seed data": street JF (金方街道), the four centers,
 * 17 communities, 146 grids (1 street + 17 community + 128 base) and the handling units.
 *
 * DEMO DATA: every name here (the street, the communities, the grids, the units) is invented
 * for demonstration and does not describe a real place or organisation.
 *
 * The territory is data: `files/demo-territory.json` beside this file, a territory file in the format
 * that `npm run territory:import` reads (docs/territory.md), which the demo seed loads through
 * the same import. This module only types it and names the ids that accounts and tests use.
 */
import type { Territory } from './territory.types';
import demoTerritoryFile from './files/demo-territory.json';

export const DEMO_STREET_CODE = 'JF';
export const DEMO_STREET_NAME = '金方街道';

/** Fixed unit ids, hand-written so demo accounts and rules can reference them. */
export const DEMO_UNIT_IDS = {
  /** 金方街道人民调解委员会 (TJ, street, main unit of TJ) */
  STREET_MEDIATION_COMMITTEE: '00000000-0000-4000-8000-000000000001',
  /** 金方街道司法所 (TJ, street) */
  JUDICIAL_OFFICE: '00000000-0000-4000-8000-000000000002',
  /** 金方街道法律顾问 (TJ, street) */
  LEGAL_ADVISOR: '00000000-0000-4000-8000-000000000003',
  /** 金方街道综治办 (ZZ, street, main unit of ZZ) */
  COMPREHENSIVE_GOVERNANCE_OFFICE: '00000000-0000-4000-8000-000000000004',
  /** 金方派出所联络室 (ZZ, street) */
  POLICE_LIAISON: '00000000-0000-4000-8000-000000000005',
  /** 金方街道信访办 (XF, street, main unit of XF) */
  PETITION_OFFICE: '00000000-0000-4000-8000-000000000006',
  /** 金方街道网格指挥调度 (WG, street, main unit of WG) */
  GRID_DISPATCH: '00000000-0000-4000-8000-000000000007',
  /** 新村社区人民调解委员会 (TJ, community JF-C01) */
  XINCUN_MEDIATION_COMMITTEE: '00000000-0000-4000-8000-000000000101',
  /** 晓塘社区人民调解委员会 (TJ, community JF-C02) */
  XIAOTANG_MEDIATION_COMMITTEE: '00000000-0000-4000-8000-000000000102',
} as const;

export const DEMO_COMMUNITY_CODES = {
  XINCUN: 'JF-C01',
  XIAOTANG: 'JF-C02',
} as const;

/** The demo territory (invented demo data; see the module comment), as its file holds it. */
export const DEMO_TERRITORY: Territory = {
  streetCode: demoTerritoryFile.streetCode,
  streetName: demoTerritoryFile.streetName,
  centers: demoTerritoryFile.centers,
  communities: demoTerritoryFile.communities,
  grids: demoTerritoryFile.grids,
  units: demoTerritoryFile.units,
} as Territory;

export const DEMO_CENTERS = DEMO_TERRITORY.centers;

/** Base grids per community in the demo file: C01–C09 have 8 each, C10–C17 have 7 each (9×8 + 8×7 = 128). */
export function demoBaseGridCount(communityIndex: number): number {
  return communityIndex < 9 ? 8 : 7;
}
