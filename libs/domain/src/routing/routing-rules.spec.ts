import { CATEGORIES } from '../enums';
import {
  DEFAULT_ROUTING_RULES,
  suggestRouting,
  validateRoutingRules,
  type RoutingRequest,
  type RoutingRule,
} from './routing-rules';

const request = (over: Partial<RoutingRequest>): RoutingRequest => ({
  category: 'NEIGHBOR',
  gridLevel: 'BASE',
  severity: 'NORMAL',
  repeatParty: false,
  ...over,
});

describe('suggestRouting', () => {
  it.each([
    ['NEIGHBOR', 'TJ', 'COMMUNITY', 'SIMPLE'],
    ['FAMILY', 'TJ', 'COMMUNITY', 'GENERAL'],
    ['PROPERTY_MGMT', 'TJ', 'COMMUNITY', 'GENERAL'],
    ['LABOR', 'TJ', 'STREET', 'GENERAL'],
    ['LAND', 'TJ', 'STREET', 'GENERAL'],
    ['DEMOLITION', 'XF', 'STREET', 'MAJOR'],
    ['CONSUMER', 'TJ', 'STREET', 'SIMPLE'],
    ['TRAFFIC', 'ZZ', 'STREET', 'GENERAL'],
    ['MEDICAL', 'TJ', 'STREET', 'MAJOR'],
    ['PUBLIC_ORDER', 'ZZ', 'STREET', 'GENERAL'],
    ['PETITION', 'XF', 'STREET', 'GENERAL'],
    ['OTHER', 'WG', 'STREET', 'GENERAL'],
  ] as const)('routes %s to %s, %s level, class %s by default', (category, centerCode, unitLevel, slaClass) => {
    expect(suggestRouting(request({ category }), DEFAULT_ROUTING_RULES)).toMatchObject({
      centerCode,
      unitLevel,
      slaClass,
      severity: 'NORMAL',
    });
  });

  it('says which rule matched', () => {
    expect(suggestRouting(request({ category: 'FAMILY' }), DEFAULT_ROUTING_RULES).reasons).toEqual([
      'Rule 2 (FAMILY × grid level * × severity *) matched: center TJ, community-level unit, SLA class GENERAL.',
    ]);
  });

  it('sends a MAJOR neighbour dispute to the street level and keeps its class', () => {
    expect(suggestRouting(request({ severity: 'MAJOR' }), DEFAULT_ROUTING_RULES)).toEqual({
      centerCode: 'TJ',
      unitLevel: 'STREET',
      slaClass: 'SIMPLE',
      severity: 'MAJOR',
      reasons: [
        'Rule 1 (NEIGHBOR × grid level * × severity *) matched: center TJ, community-level unit, SLA class SIMPLE.',
        'Severity MAJOR: routed to street level.',
      ],
    });
  });

  it('raises a repeat party to MAJOR, which moves the case to the street level', () => {
    expect(suggestRouting(request({ category: 'FAMILY', repeatParty: true }), DEFAULT_ROUTING_RULES)).toEqual({
      centerCode: 'TJ',
      unitLevel: 'STREET',
      slaClass: 'GENERAL',
      severity: 'MAJOR',
      reasons: [
        'Repeat party (3+ cases in 12 months): severity raised to MAJOR.',
        'Rule 2 (FAMILY × grid level * × severity *) matched: center TJ, community-level unit, SLA class GENERAL.',
        'Severity MAJOR: routed to street level.',
      ],
    });
  });

  it('adds no street-level sentence when the rule already goes to the street', () => {
    expect(
      suggestRouting(request({ category: 'LABOR', severity: 'MAJOR', repeatParty: true }), DEFAULT_ROUTING_RULES)
        .reasons,
    ).toEqual(['Rule 4 (LABOR × grid level * × severity *) matched: center TJ, street-level unit, SLA class GENERAL.']);
  });

  describe('with more specific rows', () => {
    const rules: RoutingRule[] = [
      ...DEFAULT_ROUTING_RULES,
      { category: 'NEIGHBOR', gridLevel: 'STREET', centerCode: 'WG', unitLevel: 'STREET', slaClass: 'GENERAL' },
      { category: 'NEIGHBOR', severity: 'MAJOR', centerCode: 'ZZ', unitLevel: 'STREET', slaClass: 'GENERAL' },
      {
        category: 'NEIGHBOR',
        gridLevel: 'STREET',
        severity: 'MAJOR',
        centerCode: 'XF',
        unitLevel: 'STREET',
        slaClass: 'MAJOR',
      },
      {
        category: 'NEIGHBOR',
        gridLevel: 'STREET',
        severity: '*',
        centerCode: 'TJ',
        unitLevel: 'STREET',
        slaClass: 'SIMPLE',
      },
    ];

    it('prefers the most specific match, then the first row', () => {
      expect(suggestRouting(request({}), rules).centerCode).toBe('TJ');
      expect(suggestRouting(request({ gridLevel: 'STREET' }), rules).centerCode).toBe('WG');
      expect(suggestRouting(request({ severity: 'MAJOR' }), rules).centerCode).toBe('ZZ');
      expect(suggestRouting(request({ gridLevel: 'STREET', repeatParty: true }), rules)).toMatchObject({
        centerCode: 'XF',
        slaClass: 'MAJOR',
      });
    });
  });

  it('refuses when no row matches', () => {
    expect(() => suggestRouting(request({}), [])).toThrow('no routing rule matches NEIGHBOR × BASE × NORMAL');
  });
});

describe('validateRoutingRules', () => {
  it('accepts the defaults', () => {
    expect(validateRoutingRules(DEFAULT_ROUTING_RULES)).toEqual([]);
  });

  it('names every bad row', () => {
    const bad = [
      ...DEFAULT_ROUTING_RULES,
      { category: 'PETS', centerCode: 'TJ', unitLevel: 'STREET', slaClass: 'GENERAL' },
      {
        category: 'FAMILY',
        gridLevel: 'CITY',
        severity: 'LOW',
        centerCode: 'XX',
        unitLevel: 'COUNTY',
        slaClass: 'HUGE',
      },
      { category: 'FAMILY', severity: 'MAJOR', centerCode: 'TJ', unitLevel: 'COMMUNITY', slaClass: 'GENERAL' },
      { category: 'FAMILY', gridLevel: '*', severity: '*', centerCode: 'ZZ', unitLevel: 'STREET', slaClass: 'GENERAL' },
    ] as RoutingRule[];
    expect(validateRoutingRules(bad)).toEqual([
      'row 13 (PETS × grid level * × severity *): unknown category PETS',
      'row 14 (FAMILY × grid level CITY × severity LOW): unknown grid level CITY',
      'row 14 (FAMILY × grid level CITY × severity LOW): unknown severity LOW',
      'row 14 (FAMILY × grid level CITY × severity LOW): unknown center XX',
      'row 14 (FAMILY × grid level CITY × severity LOW): unknown unit level COUNTY',
      'row 14 (FAMILY × grid level CITY × severity LOW): unknown SLA class HUGE',
      'row 15 (FAMILY × grid level * × severity MAJOR): severity MAJOR always goes to a street-level unit, not COMMUNITY',
      'row 16 (FAMILY × grid level * × severity *): same category, grid level and severity as row 2; it would never be used',
    ]);
  });

  it('names every case the table cannot route', () => {
    const rules = DEFAULT_ROUTING_RULES.filter((r) => r.category !== 'OTHER');
    rules.push({ category: 'OTHER', gridLevel: 'BASE', centerCode: 'WG', unitLevel: 'STREET', slaClass: 'GENERAL' });
    expect(validateRoutingRules(rules)).toEqual([
      'no row routes OTHER × grid level STREET × severity NORMAL',
      'no row routes OTHER × grid level STREET × severity MAJOR',
      'no row routes OTHER × grid level COMMUNITY × severity NORMAL',
      'no row routes OTHER × grid level COMMUNITY × severity MAJOR',
    ]);
  });

  it('routes every category with the defaults, even a MAJOR case on a street grid', () => {
    for (const category of CATEGORIES) {
      expect(() =>
        suggestRouting(request({ category, gridLevel: 'STREET', severity: 'MAJOR' }), DEFAULT_ROUTING_RULES),
      ).not.toThrow();
    }
  });
});
