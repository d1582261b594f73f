import { CENTER_CODES } from '../enums';
import {
  DEMO_ACCOUNTS,
  DEMO_COMMUNITY_CODES,
  DEMO_TERRITORY,
  DEMO_UNIT_IDS,
  baseGridsOfCommunity,
  communityOfGrid,
  findGrid,
  findUnit,
  gridLevel,
  mainUnitOfCenter,
  resolveUnit,
  unitsOfCenter,
} from './index';

const T = DEMO_TERRITORY;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const xincun = () => T.communities.find((c) => c.name === '新村社区')!;
const xiaotang = () => T.communities.find((c) => c.name === '晓塘社区')!;
const committeeOf = (communityCode: string) =>
  T.units.filter((u) => u.centerCode === 'TJ' && u.level === 'COMMUNITY' && u.communityCode === communityCode);

describe('demo territory', () => {
  it('is street JF 金方街道 with the four centers', () => {
    expect(T.streetCode).toBe('JF');
    expect(T.streetName).toBe('金方街道');
    expect(T.centers.map((c) => c.code).sort()).toEqual([...CENTER_CODES].sort());
  });

  it('has 146 grids: 1 street, 17 community, 128 base', () => {
    expect(T.grids).toHaveLength(146);
    expect(T.grids.filter((g) => g.level === 'STREET')).toHaveLength(1);
    expect(T.grids.filter((g) => g.level === 'COMMUNITY')).toHaveLength(17);
    expect(T.grids.filter((g) => g.level === 'BASE')).toHaveLength(128);
    expect(T.communities).toHaveLength(17);
  });

  it('has unique grid codes, community codes, unit codes and unit ids', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(T.grids.map((g) => g.code))).toBe(true);
    expect(unique(T.communities.map((c) => c.code))).toBe(true);
    expect(unique(T.units.map((u) => u.code))).toBe(true);
    expect(unique(T.units.map((u) => u.id))).toBe(true);
    for (const u of T.units) expect(u.id).toMatch(UUID_V4);
  });

  it('links the hierarchy: base → community grid → street grid', () => {
    const street = T.grids.find((g) => g.level === 'STREET')!;
    expect(street.code).toBe('JF');
    expect(street.parentCode).toBeUndefined();
    for (const g of T.grids.filter((x) => x.level === 'COMMUNITY')) {
      expect(g.parentCode).toBe(street.code);
      expect(T.communities.find((c) => c.code === g.communityCode)?.gridCode).toBe(g.code);
    }
    for (const g of T.grids.filter((x) => x.level === 'BASE')) {
      const parent = findGrid(T, g.parentCode!);
      expect(parent?.level).toBe('COMMUNITY');
      expect(parent?.communityCode).toBe(g.communityCode);
    }
    for (const c of T.communities) {
      expect(gridLevel(T, c.gridCode)).toBe('COMMUNITY');
      expect(baseGridsOfCommunity(T, c.code).length).toBeGreaterThan(0);
    }
  });

  it('has 新村社区 as C01 and 晓塘社区 as C02', () => {
    expect(xincun().code).toBe('JF-C01');
    expect(xiaotang().code).toBe('JF-C02');
    expect(DEMO_COMMUNITY_CODES).toEqual({ XINCUN: 'JF-C01', XIAOTANG: 'JF-C02' });
    expect(findGrid(T, 'JF-C01-G01')?.communityCode).toBe('JF-C01');
  });

  it('has exactly one TJ mediation committee per community, and only TJ has community units', () => {
    for (const c of T.communities) {
      const units = committeeOf(c.code);
      expect(units).toHaveLength(1);
      expect(units[0].name).toBe(`${c.name}人民调解委员会`);
    }
    expect(T.units.filter((u) => u.level === 'COMMUNITY' && u.centerCode !== 'TJ')).toHaveLength(0);
    expect(committeeOf(xincun().code)[0].id).toBe(DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE);
    expect(committeeOf(xiaotang().code)[0].id).toBe(DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE);
  });

  it('has the street-level units, each center with one main unit', () => {
    const street = T.units.filter((u) => u.level === 'STREET').map((u) => [u.centerCode, u.name]);
    expect(street).toEqual(
      expect.arrayContaining([
        ['TJ', '金方街道人民调解委员会'],
        ['TJ', '金方街道司法所'],
        ['TJ', '金方街道法律顾问'],
        ['ZZ', '金方派出所联络室'],
        ['ZZ', '金方街道综治办'],
        ['XF', '金方街道信访办'],
        ['WG', '金方街道网格指挥调度'],
      ]),
    );
    for (const center of CENTER_CODES) {
      expect(unitsOfCenter(T, center).filter((u) => u.isMain)).toHaveLength(1);
    }
    expect(mainUnitOfCenter(T, 'TJ').id).toBe(DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE);
    expect(mainUnitOfCenter(T, 'ZZ').id).toBe(DEMO_UNIT_IDS.COMPREHENSIVE_GOVERNANCE_OFFICE);
    expect(mainUnitOfCenter(T, 'XF').id).toBe(DEMO_UNIT_IDS.PETITION_OFFICE);
    expect(mainUnitOfCenter(T, 'WG').id).toBe(DEMO_UNIT_IDS.GRID_DISPATCH);
    expect(unitsOfCenter(T, 'TJ')).toHaveLength(3 + 17);
  });

  it('is deterministic (same data on every build)', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const again = require('./demo-territory') as typeof import('./demo-territory');
      expect(again.DEMO_TERRITORY).toEqual(T);
    });
  });
});

describe('territory helpers', () => {
  it('communityOfGrid: base and community grids → their community; street grid and unknown → none', () => {
    expect(communityOfGrid(T, 'JF-C01-G03')?.name).toBe('新村社区');
    expect(communityOfGrid(T, 'JF-C02')?.name).toBe('晓塘社区');
    expect(communityOfGrid(T, 'JF')).toBeUndefined();
    expect(communityOfGrid(T, 'NOPE')).toBeUndefined();
  });

  it('gridLevel and findGrid', () => {
    expect(gridLevel(T, 'JF')).toBe('STREET');
    expect(gridLevel(T, 'JF-C17')).toBe('COMMUNITY');
    expect(gridLevel(T, 'JF-C17-G07')).toBe('BASE');
    expect(gridLevel(T, 'JF-C17-G08')).toBeUndefined();
    expect(findGrid(T, 'NOPE')).toBeUndefined();
  });

  it('resolveUnit: community case on a base grid of 新村社区 → its committee', () => {
    const unit = resolveUnit(T, { centerCode: 'TJ', unitLevel: 'COMMUNITY', gridCode: 'JF-C01-G05' });
    expect(unit.id).toBe(DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE);
    expect(resolveUnit(T, { centerCode: 'TJ', unitLevel: 'COMMUNITY', gridCode: 'JF-C02' }).id).toBe(
      DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE,
    );
  });

  it('resolveUnit: street level → the center main street unit', () => {
    expect(resolveUnit(T, { centerCode: 'TJ', unitLevel: 'STREET', gridCode: 'JF-C01-G05' }).id).toBe(
      DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE,
    );
    expect(resolveUnit(T, { centerCode: 'XF', unitLevel: 'STREET', gridCode: 'JF-C03-G01' }).id).toBe(
      DEMO_UNIT_IDS.PETITION_OFFICE,
    );
    expect(resolveUnit(T, { centerCode: 'ZZ', unitLevel: 'STREET', gridCode: 'JF' }).id).toBe(
      DEMO_UNIT_IDS.COMPREHENSIVE_GOVERNANCE_OFFICE,
    );
    expect(resolveUnit(T, { centerCode: 'WG', unitLevel: 'STREET', gridCode: 'JF-C04-G02' }).id).toBe(
      DEMO_UNIT_IDS.GRID_DISPATCH,
    );
  });

  it('resolveUnit: community level on the street grid (or an unknown grid) → street unit', () => {
    expect(resolveUnit(T, { centerCode: 'TJ', unitLevel: 'COMMUNITY', gridCode: 'JF' }).id).toBe(
      DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE,
    );
    expect(resolveUnit(T, { centerCode: 'TJ', unitLevel: 'COMMUNITY', gridCode: 'NOPE' }).id).toBe(
      DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE,
    );
  });

  it('resolveUnit: community level for a center without community units → its street unit', () => {
    expect(resolveUnit(T, { centerCode: 'WG', unitLevel: 'COMMUNITY', gridCode: 'JF-C01-G01' }).id).toBe(
      DEMO_UNIT_IDS.GRID_DISPATCH,
    );
  });

  it('findUnit', () => {
    expect(findUnit(T, DEMO_UNIT_IDS.JUDICIAL_OFFICE)?.name).toBe('金方街道司法所');
    expect(findUnit(T, '00000000-0000-4000-8000-ffffffffffff')).toBeUndefined();
  });
});

describe('demo accounts', () => {
  const byName = (u: string) => DEMO_ACCOUNTS.find((a) => a.username === u)!;

  it('has the accounts of API.md with unique usernames and fixed UUID ids', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.username)).toEqual([
      'clerk1',
      'grid1',
      'mediator1',
      'mediator2',
      'mediator3',
      'supervisor1',
      'supervisor2',
      'supervisor3',
      'admin',
      'reporter1',
    ]);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.id)).size).toBe(DEMO_ACCOUNTS.length);
    for (const a of DEMO_ACCOUNTS) {
      expect(a.id).toMatch(UUID_V4);
      expect(a.displayName).toContain('演示');
      expect(a).not.toHaveProperty('password');
    }
    expect(byName('clerk1').roles).toEqual(['CLERK']);
    expect(byName('admin').roles).toEqual(['ADMIN']);
    expect(byName('supervisor1')).toMatchObject({ roles: ['SUPERVISOR'], supervisorLevel: 1, centerCode: 'TJ' });
    expect(byName('supervisor2')).toMatchObject({ roles: ['SUPERVISOR'], supervisorLevel: 2 });
    expect(byName('supervisor3')).toMatchObject({ roles: ['SUPERVISOR'], supervisorLevel: 3 });
    expect(byName('reporter1')).toMatchObject({
      roles: ['REPORTER'],
      gridCode: byName('grid1').gridCode,
      residentGroupCode: `${byName('grid1').gridCode}-R01`,
    });
  });

  it('references existing unit ids and grid codes', () => {
    for (const a of DEMO_ACCOUNTS) {
      for (const id of a.unitIds) expect(findUnit(T, id)).toBeDefined();
      if (a.gridCode !== undefined) expect(findGrid(T, a.gridCode)).toBeDefined();
    }
  });

  it('grid1 patrols a base grid of 新村社区', () => {
    const g = byName('grid1');
    expect(g.roles).toEqual(['GRID_WORKER']);
    expect(gridLevel(T, g.gridCode!)).toBe('BASE');
    expect(communityOfGrid(T, g.gridCode!)?.name).toBe('新村社区');
  });

  it('mediator pools: 1 and 2 on 新村社区 + street committee, 3 on 晓塘社区 only', () => {
    const pools = [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE, DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE];
    for (const m of ['mediator1', 'mediator2', 'mediator3']) expect(byName(m).roles).toEqual(['MEDIATOR']);
    expect([...byName('mediator1').unitIds].sort()).toEqual([...pools].sort());
    expect([...byName('mediator2').unitIds].sort()).toEqual([...pools].sort());
    expect(byName('mediator3').unitIds).toEqual([DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE]);
    expect(byName('mediator3').unitIds).not.toContain(committeeOf(xincun().code)[0].id);
    expect(byName('mediator3').unitIds).not.toContain(DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE);
  });
});
