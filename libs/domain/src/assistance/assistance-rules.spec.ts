import { WorkingCalendar } from '../calendar/working-calendar';
import {
  answeredOnTime,
  assistanceDeadline,
  checkAnswer,
  checkClaim,
  checkNoOpenAssistance,
  checkRequest,
  checkWithdraw,
  type AssistanceCase,
  type AssistanceFacts,
} from './assistance-rules';

const handling: AssistanceCase = { stage: 'HANDLING', status: 'OPEN', unitId: 'u-own', assigneeId: 'm1' };
const holder = { userId: 'm1', role: 'MEDIATOR', unitIds: ['u-own'] };
const helper = { userId: 'm9', role: 'MEDIATOR', unitIds: ['u-help'] };
const request = { unitId: 'u-help', workingDays: 3, instruction: '请核实当事人户籍' };
const open: AssistanceFacts = { id: 'a1', unitId: 'u-help', status: 'OPEN' };
const claimed: AssistanceFacts = { ...open, status: 'CLAIMED', assigneeId: 'm9' };

const codeOf = (check: { ok: boolean; code?: string; reason?: string }) =>
  check.ok ? 'OK' : `${(check as { code: string }).code}`;

describe('assistance rules (协办)', () => {
  it('lets only the mediator holding the case in HANDLING request assistance of another unit', () => {
    expect(codeOf(checkRequest(handling, holder, request, []))).toBe('OK');
    expect(codeOf(checkRequest(handling, { ...holder, userId: 'm2' }, request, []))).toBe('FORBIDDEN');
    expect(codeOf(checkRequest(handling, { ...holder, role: 'SUPERVISOR' }, request, []))).toBe('FORBIDDEN');
    expect(codeOf(checkRequest({ ...handling, stage: 'TRACKING' }, holder, request, []))).toBe('STAGE_CONFLICT');
    expect(codeOf(checkRequest({ ...handling, status: 'SUSPENDED' }, holder, request, []))).toBe('STAGE_CONFLICT');
    expect(codeOf(checkRequest({ ...handling, stage: 'CLOSED', status: 'CLOSED' }, holder, request, []))).toBe(
      'STAGE_CONFLICT',
    );
  });

  it('refuses the own unit, a second open request to one unit, bad days and an empty instruction, naming the field', () => {
    const own = checkRequest(handling, holder, { ...request, unitId: 'u-own' }, []);
    expect(own).toMatchObject({ ok: false, code: 'RULE_VIOLATION', reason: expect.stringMatching(/^unitId:/) });
    expect(checkRequest(handling, holder, request, [open])).toMatchObject({
      reason: expect.stringMatching(/^unitId:/),
    });
    // Answered or withdrawn ones do not count.
    expect(codeOf(checkRequest(handling, holder, request, [{ ...open, status: 'ANSWERED' }]))).toBe('OK');
    for (const workingDays of [0, 16, 2.5, -1, Number.NaN]) {
      expect(checkRequest(handling, holder, { ...request, workingDays }, [])).toMatchObject({
        code: 'RULE_VIOLATION',
        reason: expect.stringMatching(/^workingDays:/),
      });
    }
    expect(checkRequest(handling, holder, { ...request, instruction: '  ' }, [])).toMatchObject({
      reason: expect.stringMatching(/^instruction:/),
    });
    const five = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, unitId: `u-${id}`, status: 'OPEN' as const }));
    expect(checkRequest(handling, holder, request, five)).toMatchObject({ code: 'RULE_VIOLATION' });
  });

  it('lets a mediator of the assisting unit claim it once; a second claimer is told ALREADY_CLAIMED', () => {
    expect(codeOf(checkClaim(handling, helper, open))).toBe('OK');
    expect(codeOf(checkClaim(handling, holder, open))).toBe('FORBIDDEN');
    expect(codeOf(checkClaim(handling, { ...helper, role: 'CLERK' }, open))).toBe('FORBIDDEN');
    expect(codeOf(checkClaim(handling, helper, claimed))).toBe('ALREADY_CLAIMED');
    expect(codeOf(checkClaim(handling, { ...helper, userId: 'm8' }, claimed))).toBe('ALREADY_CLAIMED');
    expect(codeOf(checkClaim(handling, helper, { ...open, status: 'WITHDRAWN' }))).toBe('STAGE_CONFLICT');
    expect(codeOf(checkClaim(handling, helper, undefined))).toBe('NOT_FOUND');
  });

  it('lets only the claimant answer, with a report', () => {
    expect(codeOf(checkAnswer(handling, helper, claimed, '已核实'))).toBe('OK');
    expect(codeOf(checkAnswer(handling, helper, open, '已核实'))).toBe('FORBIDDEN');
    expect(codeOf(checkAnswer(handling, { ...helper, userId: 'm8' }, claimed, '已核实'))).toBe('FORBIDDEN');
    expect(checkAnswer(handling, helper, claimed, ' ')).toMatchObject({ reason: expect.stringMatching(/^report:/) });
    expect(codeOf(checkAnswer(handling, helper, { ...claimed, status: 'ANSWERED' }, 'x'))).toBe('STAGE_CONFLICT');
  });

  it('lets the mediator holding the case withdraw an open assistance with a reason', () => {
    expect(codeOf(checkWithdraw(handling, holder, claimed, '当事人已和解'))).toBe('OK');
    expect(codeOf(checkWithdraw(handling, helper, claimed, '当事人已和解'))).toBe('FORBIDDEN');
    expect(checkWithdraw(handling, holder, open, '')).toMatchObject({ reason: expect.stringMatching(/^reason:/) });
    expect(codeOf(checkWithdraw(handling, holder, { ...open, status: 'ANSWERED' }, 'x'))).toBe('STAGE_CONFLICT');
  });

  it('refuses the completion of handling while an assistance is open, naming it', () => {
    expect(codeOf(checkNoOpenAssistance([]))).toBe('OK');
    expect(
      codeOf(
        checkNoOpenAssistance([
          { ...open, status: 'ANSWERED' },
          { ...open, status: 'WITHDRAWN' },
        ]),
      ),
    ).toBe('OK');
    const refused = checkNoOpenAssistance([{ ...claimed, unitName: '金方街道司法所' }]);
    expect(refused).toMatchObject({ ok: false, code: 'STAGE_CONFLICT' });
    expect(!refused.ok && refused.reason).toContain('a1 (unit 金方街道司法所, CLAIMED)');
  });

  it('counts the deadline in working days of the office calendar, skipping weekends and holidays', () => {
    const calendar = new WorkingCalendar([
      { year: 2026, holidays: ['2026-10-01', '2026-10-02', '2026-10-05'], workdays: ['2026-10-10'] },
    ]);
    // Friday 2026-11-27 10:00 (office time, UTC+8) + 1 working day: Monday 11-30 10:00.
    expect(assistanceDeadline(new Date('2026-11-27T02:00:00Z'), 1, calendar).toISOString()).toBe(
      '2026-11-30T02:00:00.000Z',
    );
    // Wednesday 2026-09-30 + 2 working days: over the holidays of 10-01, 10-02 and the weekend, and 10-05.
    expect(assistanceDeadline(new Date('2026-09-30T02:00:00Z'), 2, calendar).toISOString()).toBe(
      '2026-10-07T02:00:00.000Z',
    );
    expect(() => assistanceDeadline(new Date(), 0, calendar)).toThrow(/workingDays/);
    // A drill policy's compressed working day: calendar time, weekends or not.
    expect(assistanceDeadline(new Date('2026-11-27T02:00:00Z'), 3, calendar, 1000).toISOString()).toBe(
      '2026-11-27T02:00:03.000Z',
    );
    expect(answeredOnTime(new Date('2026-11-30T02:00:00Z'), new Date('2026-11-30T02:00:00Z'))).toBe(true);
    expect(answeredOnTime(new Date('2026-11-30T02:00:01Z'), new Date('2026-11-30T02:00:00Z'))).toBe(false);
  });
});
