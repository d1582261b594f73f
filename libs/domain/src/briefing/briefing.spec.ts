import { CHINA_CALENDAR_2026, WorkingCalendar } from '../calendar/working-calendar';
import {
  assistanceByAssistingSide,
  assembleBriefing,
  briefingRow,
  briefingScore,
  firstWorkingDay,
  monthDueOn,
  monthPeriod,
  periodLabel,
  previousMonth,
  rankRows,
  type StatsAssistanceFigures,
  type StatsGroupFigures,
} from './briefing';

const rate = (total: number, count: number) => ({ total, count, rate: total === 0 ? null : count / total });

const group = (key: string | null, figures: Partial<StatsGroupFigures> = {}): StatsGroupFigures => ({
  group: key,
  timelyAcceptance: rate(0, 0),
  resolution: rate(0, 0),
  satisfaction: rate(0, 0),
  openByStage: {},
  overdueByStage: {},
  escalationsByLevel: {},
  ...figures,
});

describe('the briefing period', () => {
  it('is the office month, UTC+8 midnight to midnight', () => {
    expect(monthPeriod('2026-11')).toEqual({
      from: new Date('2026-10-31T16:00:00.000Z'),
      to: new Date('2026-11-30T16:00:00.000Z'),
    });
    expect(monthPeriod('2026-12').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(() => monthPeriod('2026-13')).toThrow(RangeError);
    expect(monthPeriod('0099-12').from.toISOString()).toBe('0099-11-30T16:00:00.000Z');
  });

  it("is due on the month's first working day by the holiday calendar, and on every later day (a missed run made up)", () => {
    const calendar = new WorkingCalendar([CHINA_CALENDAR_2026]);
    // October 2026: National Day holidays 1-7 October.
    expect(firstWorkingDay(calendar, '2026-10')).toBe('2026-10-08');
    expect(monthDueOn(calendar, '2026-10-07')).toBeNull();
    expect(monthDueOn(calendar, '2026-10-08')).toBe('2026-09');
    expect(monthDueOn(calendar, '2026-10-20')).toBe('2026-09');
    // December 2026 starts on a Tuesday.
    expect(firstWorkingDay(calendar, '2026-12')).toBe('2026-12-01');
    expect(monthDueOn(calendar, '2026-12-01')).toBe('2026-11');
    // August 2026 starts on a Saturday.
    expect(firstWorkingDay(calendar, '2026-08')).toBe('2026-08-03');
    expect(monthDueOn(calendar, '2026-08-02')).toBeNull();
  });
});

describe('the ranking', () => {
  it('scores the mean of the rates that have a denominator, in percent', () => {
    expect(briefingScore({ timelyAcceptance: rate(4, 3), resolution: rate(2, 1), satisfaction: rate(0, 0) })).toBe(
      62.5,
    );
    expect(
      briefingScore({ timelyAcceptance: rate(0, 0), resolution: rate(0, 0), satisfaction: rate(0, 0) }),
    ).toBeNull();
  });

  it('ranks by score, then fewer overdue, then fewer escalations; equal rows share a rank; unranked last', () => {
    const rows = rankRows([
      briefingRow(group('A', { resolution: rate(2, 1) }), '甲'), // 50
      briefingRow(group('B', { resolution: rate(1, 1), overdueByStage: { HANDLING: 2 } }), '乙'), // 100, 2 overdue
      briefingRow(group('C', { resolution: rate(1, 1) }), '丙'), // 100, 0 overdue
      briefingRow(group('D', { resolution: rate(1, 1), overdueByStage: { HANDLING: 1, ROUTING: 1 } }), '丁'), // = B
      briefingRow(group('E', { openByStage: { HANDLING: 3 } }), '戊'), // no rate
      briefingRow(group(null, { timelyAcceptance: rate(5, 5) }), '尚未分流'), // no key
      briefingRow(group('F', { resolution: rate(2, 1), escalationsByLevel: { '1': 2 } }), '己'), // 50, 2 escalations
    ]);
    expect(rows.map((r) => [r.group, r.rank])).toEqual([
      ['C', 1],
      // equal: by name (丁 ding before 乙 yi)
      ['D', 2],
      ['B', 2],
      ['A', 4],
      ['F', 5],
      ['E', null],
      [null, null],
    ]);
    expect(rows.find((r) => r.group === 'D')).toMatchObject({ overdue: 2, open: 0, score: 100 });
  });
});

describe('the assembly', () => {
  it('keeps the measures as they are, names each group, adds up the street and marks missing extras', () => {
    const centers = [
      group('TJ', {
        timelyAcceptance: rate(3, 2),
        resolution: rate(2, 2),
        satisfaction: rate(1, 1),
        openByStage: { HANDLING: 2 },
        overdueByStage: { HANDLING: 1 },
        escalationsByLevel: { '1': 1, '2': 1 },
      }),
      group(null, { timelyAcceptance: rate(1, 0), openByStage: { ROUTING: 1 } }),
    ];
    const figures = assembleBriefing({
      from: new Date('2026-10-31T16:00:00Z'),
      to: new Date('2026-11-30T16:00:00Z'),
      month: '2026-11',
      asOf: new Date('2026-12-01T00:30:00Z'),
      streetName: '金方街道',
      sections: [
        {
          key: 'center',
          groups: centers,
          nameOf: (g) => (g === 'TJ' ? '调解中心' : '尚未分流'),
          extras: { assistanceOnTime: null, screeningCoverage: null },
        },
        {
          key: 'community',
          groups: [group('C01', { resolution: rate(4, 3) })],
          nameOf: () => '新村社区',
          extras: { assistanceOnTime: null, screeningCoverage: new Map([['C01', rate(10, 9)]]) },
        },
      ],
    });
    expect(figures.sections[0]).toMatchObject({
      key: 'center',
      extras: { assistanceOnTime: false, screeningCoverage: false },
    });
    expect(figures.sections[0].rows[0]).toMatchObject({
      group: 'TJ',
      name: '调解中心',
      timelyAcceptance: rate(3, 2),
      open: 2,
      overdue: 1,
      escalations: 2,
      assistanceOnTime: null,
      rank: 1,
    });
    expect(figures.sections[1]).toMatchObject({ extras: { assistanceOnTime: false, screeningCoverage: true } });
    expect(figures.sections[1].rows[0].screeningCoverage).toEqual(rate(10, 9));
    expect(figures.total).toMatchObject({
      name: '金方街道',
      timelyAcceptance: rate(4, 2),
      resolution: rate(2, 2),
      open: 3,
      overdue: 1,
      escalations: 2,
      escalationsByLevel: { '1': 1, '2': 1 },
    });
  });
});

describe('the period in words', () => {
  it('names a month, whole office days, or the instants', () => {
    expect(periodLabel({ ...iso(monthPeriod('2026-11')), month: '2026-11' })).toBe('2026年11月');
    expect(periodLabel({ from: '2026-10-31T16:00:00Z', to: '2026-11-15T16:00:00Z', month: null })).toBe(
      '2026-11-01 至 2026-11-15',
    );
    expect(periodLabel({ from: '2026-12-01T01:00:00Z', to: '2026-12-01T02:30:00Z', month: null })).toBe(
      '2026-12-01 09:00 至 2026-12-01 10:30',
    );
  });
});

function iso(p: { from: Date; to: Date }) {
  return { from: p.from.toISOString(), to: p.to.toISOString() };
}

describe('协办按时率', () => {
  const places: Record<string, { centerCode: string; communityCode?: string }> = {
    xiaotang: { centerCode: 'TJ', communityCode: 'C02' },
    police: { centerCode: 'ZZ' },
  };
  // /api/stats' assistance figures of two case groups: requested and answered on time, by the assisting unit.
  const groups: { assistance?: StatsAssistanceFigures }[] = [
    {
      assistance: {
        byUnit: { xiaotang: { requested: 2, answeredOnTime: 1 }, police: { requested: 1, answeredOnTime: 1 } },
      },
    },
    { assistance: { byUnit: { xiaotang: { requested: 2, answeredOnTime: 2 } } } },
    {},
  ];

  it("adds up /api/stats' figures by the assisting unit, its center or its community (street units have none)", () => {
    const placeOf = (id: string) => places[id];
    expect(assistanceByAssistingSide(groups, 'unit', placeOf)).toEqual(
      new Map([
        ['xiaotang', { total: 4, count: 3, rate: 0.75 }],
        ['police', { total: 1, count: 1, rate: 1 }],
      ]),
    );
    expect(assistanceByAssistingSide(groups, 'center', placeOf)).toEqual(
      new Map([
        ['TJ', { total: 4, count: 3, rate: 0.75 }],
        ['ZZ', { total: 1, count: 1, rate: 1 }],
      ]),
    );
    expect(assistanceByAssistingSide(groups, 'community', placeOf)).toEqual(
      new Map([['C02', { total: 4, count: 3, rate: 0.75 }]]),
    );
  });
});
