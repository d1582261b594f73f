import { CHINA_CALENDAR_2026, WorkingCalendar } from '../calendar/working-calendar';
import {
  DEFAULT_SLA_POLICY,
  computeStageDeadline,
  extendDeadline,
  parseIsoDuration,
  slaRuleFor,
  timeBasisOf,
  validateSlaPolicy,
  type SlaPolicy,
  type SlaRule,
} from './sla-policy';

const sh = (local: string) => new Date(`${local}:00+08:00`);
const calendar = new WorkingCalendar([CHINA_CALENDAR_2026]);

describe('parseIsoDuration', () => {
  it.each([
    ['PT2H', 2 * 3_600_000],
    ['PT30S', 30_000],
    ['PT4S', 4_000],
    ['PT90M', 90 * 60_000],
    ['P7D', 7 * 86_400_000],
    ['P1DT2H3M4S', 86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4_000],
    ['P2W', 14 * 86_400_000],
    ['PT0S', 0],
  ])('reads %s', (s, ms) => {
    expect(parseIsoDuration(s)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P1Y2D', 'P2MT1H'])('refuses months and years in %s', (s) => {
    expect(() => parseIsoDuration(s)).toThrow(/months and years have no fixed length/);
  });

  it.each(['', 'P', 'PT', 'P1DT', '2H', 'PT1.5H', 'P1W2D', 'pt2h', 'PT-1H'])('refuses %p', (s) => {
    expect(() => parseIsoDuration(s)).toThrow(/is not an ISO 8601 duration/);
  });
});

describe('DEFAULT_SLA_POLICY', () => {
  it('is valid', () => {
    expect(validateSlaPolicy(DEFAULT_SLA_POLICY)).toEqual([]);
  });

  it.each([
    ['DISCOVERY', 'GENERAL', false, { workingDays: 1 }],
    ['ACCEPTANCE', 'SIMPLE', false, { workingDays: 1 }],
    ['ACCEPTANCE', 'SIMPLE', true, { duration: 'PT2H' }],
    ['ROUTING', 'MAJOR', false, { workingDays: 1 }],
    ['ROUTING', 'MAJOR', true, { workingDays: 1 }],
    ['HANDLING', 'SIMPLE', false, { workingDays: 5 }],
    ['HANDLING', 'GENERAL', false, { workingDays: 15 }],
    ['HANDLING', 'MAJOR', false, { workingDays: 30 }],
    ['TRACKING', 'GENERAL', false, { duration: 'P7D' }],
    ['SUPERVISION', 'GENERAL', false, { workingDays: 2 }],
    ['FEEDBACK', 'SIMPLE', false, { workingDays: 2 }],
    ['EVALUATION', 'MAJOR', false, { duration: 'P7D' }],
  ] as const)('gives %s × %s (urgent: %p) %p', (stage, slaClass, urgent, term) => {
    expect(slaRuleFor(DEFAULT_SLA_POLICY, stage, slaClass, urgent)).toMatchObject(term);
  });
});

describe('validateSlaPolicy', () => {
  const withRules = (...rules: SlaRule[]): SlaPolicy => ({
    rules: [...DEFAULT_SLA_POLICY.rules.filter((r) => r.stage !== 'HANDLING'), ...rules],
  });
  const problems = (...rules: SlaRule[]) =>
    validateSlaPolicy(withRules(...rules)).filter((p) => p.includes('HANDLING'));

  it('names a rule with neither workingDays nor duration', () => {
    expect(problems({ stage: 'HANDLING', slaClass: 'SIMPLE' })).toContainEqual(
      expect.stringMatching(/^rule 25 \(HANDLING × SIMPLE\): has neither workingDays nor duration$/),
    );
  });

  it('names a rule with both', () => {
    expect(problems({ stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 5, duration: 'P5D' })).toContainEqual(
      'rule 25 (HANDLING × SIMPLE): has both workingDays and duration; give one',
    );
  });

  it('names bad working days, bad and zero durations', () => {
    expect(
      problems(
        { stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 0 },
        { stage: 'HANDLING', slaClass: 'GENERAL', duration: 'P1M' },
        { stage: 'HANDLING', slaClass: 'MAJOR', duration: 'PT0S' },
        { stage: 'HANDLING', slaClass: 'MAJOR', urgent: true, workingDays: 2.5 },
      ),
    ).toEqual([
      'rule 25 (HANDLING × SIMPLE): workingDays must be a whole number of at least 1 (got 0)',
      "rule 26 (HANDLING × GENERAL): duration 'P1M': months and years have no fixed length; use days (e.g. P30D) or workingDays",
      'rule 27 (HANDLING × MAJOR): duration PT0S is zero',
      'rule 28 (HANDLING × MAJOR, urgent): workingDays must be a whole number of at least 1 (got 2.5)',
    ]);
  });

  it('names duplicates and missing stage × class pairs', () => {
    expect(
      problems(
        { stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 5 },
        { stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 6 },
        { stage: 'HANDLING', slaClass: 'MAJOR', workingDays: 30 },
      ),
    ).toEqual(['rule 26 (HANDLING × SIMPLE): duplicates rule 25', 'missing rule for HANDLING × GENERAL']);
  });

  it('names unknown stages and classes', () => {
    const bad = { stage: 'CLOSED', slaClass: 'HUGE', workingDays: 1 } as unknown as SlaRule;
    expect(validateSlaPolicy({ rules: [...DEFAULT_SLA_POLICY.rules, bad] })).toEqual([
      'rule 28 (CLOSED × HUGE): unknown stage CLOSED',
      'rule 28 (CLOSED × HUGE): unknown SLA class HUGE',
    ]);
  });

  it('checks escalation steps', () => {
    expect(
      validateSlaPolicy({ ...DEFAULT_SLA_POLICY, escalationSteps: { level2AfterMs: 2000, level3AfterMs: 4000 } }),
    ).toEqual([]);
    expect(
      validateSlaPolicy({ ...DEFAULT_SLA_POLICY, escalationSteps: { level2AfterMs: 4000, level3AfterMs: 2000 } }),
    ).toEqual(['escalationSteps: need 0 <= level2AfterMs <= level3AfterMs (got 4000 and 2000)']);
  });
});

describe('slaRuleFor', () => {
  it('falls back to the ordinary rule when a stage has no urgent override', () => {
    expect(slaRuleFor(DEFAULT_SLA_POLICY, 'HANDLING', 'GENERAL', true)).toEqual({
      stage: 'HANDLING',
      slaClass: 'GENERAL',
      workingDays: 15,
    });
  });

  it('ignores the urgent override for cases that are not urgent', () => {
    expect(slaRuleFor(DEFAULT_SLA_POLICY, 'ACCEPTANCE', 'GENERAL')).toMatchObject({ workingDays: 1 });
  });

  it('refuses a policy without the rule', () => {
    expect(() => slaRuleFor({ rules: [] }, 'HANDLING', 'MAJOR')).toThrow(
      'the SLA policy has no rule for HANDLING × MAJOR',
    );
  });

  it('tells working-day rules from calendar-time rules', () => {
    expect(timeBasisOf({ stage: 'HANDLING', slaClass: 'MAJOR', workingDays: 30 })).toBe('WORKING');
    expect(timeBasisOf({ stage: 'TRACKING', slaClass: 'MAJOR', duration: 'P7D' })).toBe('CALENDAR');
  });
});

describe('computeStageDeadline', () => {
  const deadline = (stage: SlaRule['stage'], slaClass: SlaRule['slaClass'], start: string, urgent?: boolean) =>
    computeStageDeadline({ stage, slaClass, urgent, start: sh(start), policy: DEFAULT_SLA_POLICY, calendar });

  it('counts working days on the calendar', () => {
    // Five working days after Monday 28 Sep 2026: 29 and 30 Sep, the golden week off, 8 and 9 Oct,
    // then the make-up Saturday 10 Oct.
    expect(deadline('HANDLING', 'SIMPLE', '2026-09-28T09:30')).toEqual(sh('2026-10-10T09:30'));
  });

  it('counts calendar time straight through holidays', () => {
    expect(deadline('TRACKING', 'GENERAL', '2026-09-28T09:30')).toEqual(sh('2026-10-05T09:30'));
  });

  it('routes an urgent case within two hours, even at night on a holiday', () => {
    expect(deadline('ACCEPTANCE', 'GENERAL', '2026-10-02T23:00', true)).toEqual(sh('2026-10-03T01:00'));
    expect(deadline('ACCEPTANCE', 'GENERAL', '2026-10-02T23:00')).toEqual(sh('2026-10-09T00:00'));
  });

  it('runs a short test policy in seconds', () => {
    const policy: SlaPolicy = { rules: [{ stage: 'HANDLING', slaClass: 'GENERAL', duration: 'PT4S' }] };
    const start = sh('2026-10-03T12:00');
    expect(
      computeStageDeadline({ stage: 'HANDLING', slaClass: 'GENERAL', start, policy, calendar }).getTime() -
        start.getTime(),
    ).toBe(4000);
  });
});

describe('extendDeadline', () => {
  const calendar = new WorkingCalendar([]);
  // Friday 2026-11-27 10:00 Shanghai.
  const friday = new Date('2026-11-27T02:00:00Z');

  it('moves the deadline by working days on the calendar', () => {
    expect(extendDeadline(friday, 1, DEFAULT_SLA_POLICY, calendar).toISOString()).toBe('2026-11-30T02:00:00.000Z');
  });

  it('uses compressed working days when the policy sets workingDayMs', () => {
    const drill = { ...DEFAULT_SLA_POLICY, workingDayMs: 2000 };
    expect(extendDeadline(friday, 3, drill, calendar).getTime()).toBe(friday.getTime() + 6000);
  });

  it('refuses a workingDayMs that is not a positive whole number', () => {
    expect(validateSlaPolicy({ ...DEFAULT_SLA_POLICY, workingDayMs: 0 })).toEqual([
      'workingDayMs: must be a whole number of milliseconds above 0 (got 0)',
    ]);
  });
});
