import {
  coveredGrids,
  driveAlertSeq,
  driveCoverage,
  drivePoints,
  driveStatus,
  openDriveProblems,
  screeningProblems,
  screeningTiming,
} from './drive-rules';

const territory = {
  baseGrids: [
    { code: 'JF-C02-G01', communityCode: 'JF-C02' },
    { code: 'JF-C01-G02', communityCode: 'JF-C01' },
    { code: 'JF-C01-G01', communityCode: 'JF-C01' },
    { code: 'JF-C03-G01', communityCode: 'JF-C03' },
  ],
  communities: ['JF-C01', 'JF-C02', 'JF-C03'],
};
const now = new Date('2026-12-01T08:00:00Z');
const drive = (overrides: Partial<Parameters<typeof openDriveProblems>[0]> = {}) => ({
  title: '冬季大排查',
  startsAt: now,
  endsAt: new Date('2026-12-11T08:00:00Z'),
  communityCodes: ['JF-C01'],
  gridCodes: [],
  ...overrides,
});

describe('screening drive rules', () => {
  it('places the warning at 80 % of the period and the escalation at its end', () => {
    expect(drivePoints(new Date('2026-12-01T00:00:00Z'), new Date('2026-12-11T00:00:00Z'))).toEqual([
      { kind: 'WARNING', level: 0, at: '2026-12-09T00:00:00.000Z' },
      { kind: 'ESCALATION', level: 1, at: '2026-12-11T00:00:00.000Z' },
    ]);
  });

  it("numbers each grid's two alerts apart from every other grid's", () => {
    const seqs = [0, 1, 2].flatMap((position) => [driveAlertSeq(position, 0), driveAlertSeq(position, 1)]);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('covers the named grids and every base grid of the named communities, once each, by code', () => {
    expect(coveredGrids({ communityCodes: ['JF-C01'], gridCodes: ['JF-C01-G01', 'JF-C03-G01'] }, territory)).toEqual([
      { code: 'JF-C01-G01', communityCode: 'JF-C01' },
      { code: 'JF-C01-G02', communityCode: 'JF-C01' },
      { code: 'JF-C03-G01', communityCode: 'JF-C03' },
    ]);
  });

  it('accepts a sound drive and names every problem of a bad one', () => {
    expect(openDriveProblems(drive(), territory, now)).toEqual([]);
    expect(openDriveProblems(drive({ communityCodes: [], gridCodes: [] }), territory, now)).toEqual([
      'communityCodes: name the communities or the grids (gridCodes) the drive covers',
    ]);
    const problems = openDriveProblems(
      drive({
        communityCodes: ['JF-C99'],
        gridCodes: ['JF-C01'],
        startsAt: new Date('2026-11-20T00:00:00Z'),
        endsAt: new Date('2026-11-20T00:00:30Z'),
      }),
      territory,
      now,
    );
    expect(problems).toEqual([
      'communityCodes: unknown or deactivated community "JF-C99"',
      'gridCodes: "JF-C01" is not an active base grid',
      'endsAt: the period must last at least one minute after startsAt',
      'startsAt: a drive may start at most one day in the past',
      'endsAt: the period is over already',
    ]);
  });

  it('refuses a community without an active base grid', () => {
    expect(openDriveProblems(drive(), { ...territory, baseGrids: [] }, now)).toEqual([
      'communityCodes: the communities named have no active base grid',
    ]);
  });

  it('takes a screening of nothing found or of findings, never both or neither', () => {
    expect(screeningProblems({ nothingFound: true })).toEqual([]);
    expect(screeningProblems({ findings: [{}] })).toEqual([]);
    expect(screeningProblems({ nothingFound: false, findings: [] })[0]).toMatch(/^findings: give the findings/);
    expect(screeningProblems({})[0]).toMatch(/^findings: /);
    expect(screeningProblems({ nothingFound: true, findings: [{}] })[0]).toMatch(
      /^findings: a screening with findings/,
    );
    expect(screeningProblems({ findings: new Array(21).fill({}) })).toEqual(['findings: at most 20 in one screening']);
  });

  it('tells a drive scheduled, open and closed, and a screening early, on time and late', () => {
    const start = new Date('2026-12-01T00:00:00Z');
    const end = new Date('2026-12-02T00:00:00Z');
    expect(driveStatus(start, end, new Date('2026-11-30T23:59:59Z'))).toBe('SCHEDULED');
    expect(driveStatus(start, end, start)).toBe('OPEN');
    expect(driveStatus(start, end, end)).toBe('CLOSED');
    expect(screeningTiming(start, end, new Date('2026-11-30T00:00:00Z'))).toBe('EARLY');
    expect(screeningTiming(start, end, new Date('2026-12-01T12:00:00Z'))).toBe('ON_TIME');
    expect(screeningTiming(start, end, new Date('2026-12-03T00:00:00Z'))).toBe('LATE');
  });

  it('counts coverage by community and in all', () => {
    expect(
      driveCoverage([
        { communityCode: 'JF-C02', screened: false, findings: 0 },
        { communityCode: 'JF-C01', screened: true, findings: 0 },
        { communityCode: 'JF-C01', screened: true, findings: 2 },
        { communityCode: 'JF-C01', screened: false, findings: 0 },
      ]),
    ).toEqual({
      covered: 4,
      screened: 2,
      findings: 2,
      byCommunity: [
        { communityCode: 'JF-C01', covered: 3, screened: 2, withFindings: 1, findings: 2 },
        { communityCode: 'JF-C02', covered: 1, screened: 0, withFindings: 0, findings: 0 },
      ],
    });
  });
});
