import { ACTIONS, checkAction, type Action } from '@app/domain/workflow-rules/stage-rules';
import {
  availableActions,
  CASE_PAGE_ACTIONS,
  mayDo,
  type CaseFacts,
  type Person,
} from '../../apps/desks/src/views/case/case-actions';
import { stageEntryDates } from '../../apps/desks/src/views/case/stage-dates';
import { readSla } from '../../apps/desks/src/views/inbox/sla';

/** The pure parts of the mediator inbox and the case page (apps/desks/src/views/{inbox,case}). */

const UNIT = '00000000-0000-4000-8000-0000000000a1';
const OTHER_UNIT = '00000000-0000-4000-8000-0000000000a2';
const person = (id: string, roles: string[], unitIds: string[] = [], supervisorLevel?: number): Person => ({
  id,
  roles,
  unitIds,
  supervisorLevel,
});
const mediator1 = person('m1', ['MEDIATOR'], [UNIT]);
const mediator2 = person('m2', ['MEDIATOR'], [UNIT]);
const outsider = person('m3', ['MEDIATOR'], [OTHER_UNIT]);
const clerk = person('c1', ['CLERK']);
const supervisor = person('s1', ['SUPERVISOR'], [], 1);
const gridWorker = person('g1', ['GRID_WORKER']);
const admin = person('a1', ['ADMIN']);
const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  stage: 'ROUTING',
  status: 'OPEN',
  unitId: UNIT,
  reopenCount: 0,
  ...over,
});

describe('the case page offers only what the stage rules allow', () => {
  it('in the pool: mediators of the pool may claim (and transfer or withdraw); others may not', () => {
    expect(availableActions(facts(), mediator1)).toEqual(['claimTask', 'transferDispute', 'withdrawDispute']);
    expect(availableActions(facts(), outsider)).toEqual([]);
    expect(availableActions(facts(), supervisor)).toEqual([
      'transferDispute',
      'issueSupervisionOrder',
      'reassignTask',
      'suspendDispute',
    ]);
    expect(availableActions(facts(), clerk)).toEqual(['transferDispute', 'withdrawDispute']);
  });

  it('in handling: the holder records, completes, asks for time; the other mediator of the pool does nothing', () => {
    const held = facts({ stage: 'HANDLING', assigneeId: 'm1' });
    expect(availableActions(held, mediator1)).toEqual([
      'releaseTask',
      'recordHandling',
      'completeHandling',
      'requestExtension',
      'transferDispute',
      'withdrawDispute',
    ]);
    expect(availableActions(held, mediator2)).toEqual([]);
    // One extension per case: once asked, the holder cannot ask again; a supervisor decides a pending one.
    const asked = { ...held, extension: { status: 'PENDING' } };
    expect(availableActions(asked, mediator1)).not.toContain('requestExtension');
    expect(availableActions(asked, supervisor)).toContain('decideExtension');
    expect(availableActions({ ...held, extension: { status: 'APPROVED' } }, supervisor)).not.toContain(
      'decideExtension',
    );
  });

  it('at the window, in supervision, in feedback and when suspended or closed', () => {
    expect(availableActions(facts({ stage: 'DISCOVERY', unitId: null }), clerk)).toEqual([
      'acceptDispute',
      'rejectDispute',
      'withdrawDispute',
    ]);
    expect(availableActions(facts({ stage: 'ACCEPTANCE', unitId: null }), clerk)).toEqual([
      'routeDispute',
      'withdrawDispute',
    ]);
    expect(availableActions(facts({ stage: 'SUPERVISION', assigneeId: 'm1' }), supervisor)).toEqual([
      'approveSupervision',
      'returnSupervision',
      'issueSupervisionOrder',
      'suspendDispute',
    ]);
    expect(availableActions(facts({ stage: 'FEEDBACK', assigneeId: 'm1' }), mediator1)).toEqual(['deliverFeedback']);
    expect(availableActions(facts({ stage: 'FEEDBACK', assigneeId: 'm1' }), clerk)).toEqual(['deliverFeedback']);
    expect(availableActions(facts({ stage: 'HANDLING', status: 'SUSPENDED', assigneeId: 'm1' }), supervisor)).toEqual([
      'issueSupervisionOrder',
      'resumeDispute',
    ]);
    expect(availableActions(facts({ stage: 'HANDLING', status: 'SUSPENDED', assigneeId: 'm1' }), mediator1)).toEqual([
      'withdrawDispute',
    ]);
    for (const who of [mediator1, clerk, supervisor])
      expect(availableActions(facts({ stage: 'CLOSED', status: 'CLOSED' }), who)).toEqual([]);
  });

  it('grid workers and admins read only', () => {
    for (const stage of ['DISCOVERY', 'ROUTING', 'HANDLING', 'FEEDBACK']) {
      expect(availableActions(facts({ stage }), gridWorker)).toEqual([]);
      expect(availableActions(facts({ stage }), admin)).toEqual([]);
    }
  });

  it('agrees with checkAction for every action the page offers, every stage and every role', () => {
    const offered = new Set<Action>(CASE_PAGE_ACTIONS);
    expect(ACTIONS.filter((a) => !offered.has(a)).sort()).toEqual(['mergeDispute', 'submitEvaluation']);
    const roles = ['CLERK', 'MEDIATOR', 'SUPERVISOR', 'GRID_WORKER', 'ADMIN'] as const;
    for (const stage of [
      'DISCOVERY',
      'ACCEPTANCE',
      'ROUTING',
      'HANDLING',
      'TRACKING',
      'SUPERVISION',
      'FEEDBACK',
      'EVALUATION',
      'CLOSED',
    ] as const) {
      for (const role of roles) {
        const c = facts({ stage, status: stage === 'CLOSED' ? 'CLOSED' : 'OPEN', assigneeId: 'u1' });
        for (const action of CASE_PAGE_ACTIONS) {
          const expected = checkAction(
            { stage, status: c.status as 'OPEN', unitId: UNIT, assigneeId: 'u1', reopenCount: 0 },
            action,
            {
              userId: 'u1',
              role,
              unitIds: [UNIT],
            },
          ).ok;
          expect({ stage, role, action, may: mayDo(c, action, person('u1', [role], [UNIT])) }).toEqual({
            stage,
            role,
            action,
            may: expected,
          });
        }
      }
    }
  });
});

describe('the SLA ladder of a row', () => {
  const entered = '2026-12-01T00:00:00Z';
  const deadline = '2026-12-11T00:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('normal before 80 % of the stage, warning from 80 %, overdue from the deadline', () => {
    expect(readSla({ stageEnteredAt: entered, stageDeadline: deadline }, at('2026-12-08T23:59:00Z'))).toMatchObject({
      level: 'normal',
      days: 2,
      hours: 0,
    });
    expect(readSla({ stageEnteredAt: entered, stageDeadline: deadline }, at('2026-12-09T00:00:00Z'))).toMatchObject({
      level: 'warning',
      days: 2,
      hours: 0,
    });
    expect(readSla({ stageEnteredAt: entered, stageDeadline: deadline }, at('2026-12-10T21:30:00Z'))).toEqual({
      level: 'warning',
      days: 0,
      hours: 2,
      minutes: 30,
    });
    expect(readSla({ stageEnteredAt: entered, stageDeadline: deadline }, at('2026-12-11T00:00:00Z'))).toMatchObject({
      level: 'overdue',
      days: 0,
      hours: 0,
    });
    expect(readSla({ stageEnteredAt: entered, stageDeadline: deadline }, at('2026-12-12T05:00:00Z'))).toMatchObject({
      level: 'overdue',
      days: 1,
      hours: 5,
    });
  });

  it("the engine's overdue flag wins; no deadline or a closed case has no ladder; no start: never a warning", () => {
    expect(
      readSla({ stageEnteredAt: entered, stageDeadline: deadline, overdue: true }, at('2026-12-02T00:00:00Z')).level,
    ).toBe('overdue');
    expect(readSla({ stageEnteredAt: entered, stageDeadline: null }, at('2026-12-02T00:00:00Z')).level).toBe('none');
    expect(
      readSla({ stageEnteredAt: entered, stageDeadline: deadline, status: 'CLOSED' }, at('2026-12-20T00:00:00Z')).level,
    ).toBe('none');
    expect(readSla({ stageDeadline: deadline }, at('2026-12-10T23:00:00Z')).level).toBe('normal');
  });
});

describe('the day each stage was entered, from the timeline', () => {
  const event = (type: string, at: string, data: Record<string, unknown> = {}) => ({ type, at, data });

  it('follows the stage named by each event; a stage entered again shows its latest entry', () => {
    const dates = stageEntryDates([
      event('DisputeReported', '2026-12-01T01:00:00Z', { severity: 'NORMAL' }),
      event('DisputeAccepted', '2026-12-01T01:00:01Z', { stage: 'ACCEPTANCE' }),
      event('DisputeRouted', '2026-12-01T02:00:00Z', { stage: 'ROUTING' }),
      event('WarningRaised', '2026-12-01T20:00:00Z', { stage: 'ROUTING', level: 0 }),
      event('TaskClaimed', '2026-12-02T03:00:00Z', { stage: 'HANDLING' }),
      event('HandlingRecorded', '2026-12-02T04:00:00Z', { note: 'x' }),
      event('HandlingCompleted', '2026-12-03T05:00:00Z', { stage: 'SUPERVISION' }),
      event('SupervisionReturned', '2026-12-04T06:00:00Z', { stage: 'HANDLING' }),
    ]);
    expect(dates).toEqual({
      DISCOVERY: '2026-12-01T01:00:00Z',
      ACCEPTANCE: '2026-12-01T01:00:01Z',
      ROUTING: '2026-12-01T02:00:00Z',
      HANDLING: '2026-12-04T06:00:00Z',
      SUPERVISION: '2026-12-03T05:00:00Z',
    });
  });
});
