/**
 * The demo territory of DOMAIN.md "Seed data": street JF (金方街道), the four centers,
 * 17 communities, 146 grids (1 street + 17 community + 128 base) and the handling units.
 *
 * DEMO DATA: every name here (the street, the communities, the grids, the units) is invented
 * for demonstration and does not describe a real place or organisation.
 *
 * Pure and deterministic: built by plain loops from constants, the same on every load.
 */
import type { CenterCode } from '../enums';
import type { Center, Community, Grid, Territory, Unit } from './territory.types';

export const DEMO_STREET_CODE = 'JF';
export const DEMO_STREET_NAME = '金方街道';

export const DEMO_CENTERS: Center[] = [
  { code: 'ZZ', name: '社会治安综治中心' },
  { code: 'WG', name: '网格化监督指挥中心' },
  { code: 'XF', name: '信访接待中心' },
  { code: 'TJ', name: '矛盾纠纷调处中心' },
];

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** Community names in code order: C01 新村社区, C02 晓塘社区, C03.. 金方一社区.. 金方十五社区. */
const COMMUNITY_NAMES: string[] = ['新村社区', '晓塘社区', ...ZH_NUMERALS.map((n) => `金方${n}社区`)];

/**
 * Base grids per community: C01–C09 have 8 each, C10–C17 have 7 each (9×8 + 8×7 = 128).
 */
export function demoBaseGridCount(communityIndex: number): number {
  return communityIndex < 9 ? 8 : 7;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Community code (equal to its community grid's code): `JF-C01`.. `JF-C17`. */
const communityCodeOf = (index: number): string => `${DEMO_STREET_CODE}-C${pad2(index + 1)}`;

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

/** The id of the mediation committee of community index i (0-based): `…000000000101`.. `…000000000117`. */
const communityCommitteeIdOf = (index: number): string =>
  `00000000-0000-4000-8000-000000000${String(101 + index).padStart(3, '0')}`;

export const DEMO_COMMUNITY_CODES = {
  XINCUN: communityCodeOf(0),
  XIAOTANG: communityCodeOf(1),
} as const;

function buildCommunities(): Community[] {
  return COMMUNITY_NAMES.map((name, i) => ({ code: communityCodeOf(i), name, gridCode: communityCodeOf(i) }));
}

function buildGrids(communities: Community[]): Grid[] {
  const grids: Grid[] = [{ code: DEMO_STREET_CODE, name: `${DEMO_STREET_NAME}（街道网格）`, level: 'STREET' }];
  communities.forEach((c) => {
    grids.push({ code: c.gridCode, name: `${c.name}网格`, level: 'COMMUNITY', parentCode: DEMO_STREET_CODE, communityCode: c.code });
  });
  communities.forEach((c, i) => {
    for (let g = 1; g <= demoBaseGridCount(i); g++) {
      grids.push({
        code: `${c.gridCode}-G${pad2(g)}`,
        name: `${c.name}第${g}网格`,
        level: 'BASE',
        parentCode: c.gridCode,
        communityCode: c.code,
      });
    }
  });
  return grids;
}

function streetUnit(id: string, code: string, name: string, centerCode: CenterCode, isMain = false): Unit {
  const unit: Unit = { id, code: `${DEMO_STREET_CODE}-${code}`, name, centerCode, level: 'STREET' };
  if (isMain) unit.isMain = true;
  return unit;
}

function buildUnits(communities: Community[]): Unit[] {
  const ids = DEMO_UNIT_IDS;
  const street: Unit[] = [
    streetUnit(ids.STREET_MEDIATION_COMMITTEE, 'TJ-TWH', `${DEMO_STREET_NAME}人民调解委员会`, 'TJ', true),
    streetUnit(ids.JUDICIAL_OFFICE, 'TJ-SFS', `${DEMO_STREET_NAME}司法所`, 'TJ'),
    streetUnit(ids.LEGAL_ADVISOR, 'TJ-FLGW', `${DEMO_STREET_NAME}法律顾问`, 'TJ'),
    streetUnit(ids.COMPREHENSIVE_GOVERNANCE_OFFICE, 'ZZ-ZZB', `${DEMO_STREET_NAME}综治办`, 'ZZ', true),
    streetUnit(ids.POLICE_LIAISON, 'ZZ-PCS', '金方派出所联络室', 'ZZ'),
    streetUnit(ids.PETITION_OFFICE, 'XF-XFB', `${DEMO_STREET_NAME}信访办`, 'XF', true),
    streetUnit(ids.GRID_DISPATCH, 'WG-DD', `${DEMO_STREET_NAME}网格指挥调度`, 'WG', true),
  ];
  const committees: Unit[] = communities.map((c, i) => ({
    id: communityCommitteeIdOf(i),
    code: `${c.code}-TWH`,
    name: `${c.name}人民调解委员会`,
    centerCode: 'TJ',
    level: 'COMMUNITY',
    communityCode: c.code,
  }));
  return [...street, ...committees];
}

function buildDemoTerritory(): Territory {
  const communities = buildCommunities();
  return {
    streetCode: DEMO_STREET_CODE,
    streetName: DEMO_STREET_NAME,
    centers: DEMO_CENTERS.map((c) => ({ ...c })),
    communities,
    grids: buildGrids(communities),
    units: buildUnits(communities),
  };
}

/** The demo territory (invented demo data; see the module comment). */
export const DEMO_TERRITORY: Territory = buildDemoTerritory();
