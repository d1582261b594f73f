import {
  approveSupervisionUpdate,
  caseStateQuery,
  CASE_OVERDUE_ATTRIBUTE,
  CASE_STAGE_ATTRIBUTE,
  claimTaskUpdate,
  completeHandlingUpdate,
  deliverFeedbackUpdate,
  resumeDisputeUpdate,
  routeDisputeUpdate,
  suspendDisputeUpdate,
  type CaseState,
} from '@app/contracts';
import { CHINA_CALENDAR_2026, DAY_MS, officeDate, WorkingCalendar } from '@app/domain/calendar/working-calendar';
import { buildEscalationLadder } from '@app/domain/sla/escalation-ladder';
import { computeStageDeadline, DEFAULT_SLA_POLICY, slaRuleFor } from '@app/domain/sla/sla-policy';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { actors, XINCUN_COMMITTEE } from '../support/case-driver';
import { startTimeSkippingStack, testServerDescribe, type TimeSkippingStack } from '../support/time-skipping-server';
import { waitFor } from '../support/wait-for';

/**
 * Full-length SLAs on the office's real default policy and the seeded 2026 holiday calendar,
 * proved by skipping time on the Java SDK's time-skipping test server instead of waiting: the
 * server's clock starts at a chosen instant before the 2026 Mid-Autumn and National Day holidays,
 * the test skips to just before and just after each checkpoint, and the workflow's own timers
 * raise the alerts, which the real activities record in PostgreSQL.
 */

const MINUTE_MS = 60_000;
const ALERT_TYPES = ['WarningRaised', 'EscalationRaised'];

const describeWithTestServer = testServerDescribe('full-length SLA');

/** The default policy and the calendar years the workflow reads when it sets a deadline in 2026. */
async function officeSettings(stack: TimeSkippingStack) {
  const settings = await new SlaSettingsRepository(stack.harness.dataSource).load('default', [2026, 2027]);
  return { policy: settings.policy, calendar: new WorkingCalendar(settings.calendar), years: settings.calendar };
}

/** Moves the test server's clock to `at` (it only moves forward), running every timer due on the way. */
async function skipTo(stack: TimeSkippingStack, at: number): Promise<void> {
  const now = await stack.env.currentTimeMs();
  if (at > now) await stack.env.sleep(at - now);
}

async function alerts(stack: TimeSkippingStack, caseId: string) {
  return (await stack.cases.events(caseId)).filter((e) => ALERT_TYPES.includes(e.type));
}

/** Registers a GENERAL case on the default policy (accepted at once), routes it and has mediator1 claim it. */
async function generalCaseInHandling(stack: TimeSkippingStack): Promise<CaseState> {
  const { cases } = stack;
  const { caseId } = await cases.register({ report: { category: 'PROPERTY_MGMT' } });
  await cases.act(caseId, routeDisputeUpdate, {
    actor: actors.clerk,
    centerCode: 'TJ',
    unitId: XINCUN_COMMITTEE,
    severity: 'NORMAL',
    slaClass: 'GENERAL',
  });
  const claimed = await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
  expect(claimed).toMatchObject({ stage: 'HANDLING', slaClass: 'GENERAL', escalationLevel: 0, overdue: false });
  return claimed;
}

interface LadderCase {
  title: string;
  /** When the test server's clock starts (10:00 Shanghai time); the case enters HANDLING a few seconds later. */
  serverStart: string;
  /** Whole calendar days from the stage entry to each checkpoint, at the same clock time. */
  days: { warning: number; deadline: number; level2: number; level3: number };
  /** The Shanghai dates of the checkpoints, as read off the State Council's 2026 schedule by hand. */
  dates: { warning: string; deadline: string; level2: string; level3: string };
}

const LADDERS: LadderCase[] = [
  {
    // Tue 22 Sep: 15 working days skip 中秋 (25–27 Sep) and 国庆 (1–7 Oct) and count the make-up
    // Saturday 10 Oct, ending Tue 20 Oct; 80 % (12 working days) is Thu 15 Oct.
    title: 'a deadline that spans the Mid-Autumn and National Day holidays',
    serverStart: '2026-09-22T02:00:00Z',
    days: { warning: 23, deadline: 28, level2: 29, level3: 31 },
    dates: { warning: '2026-10-15', deadline: '2026-10-20', level2: '2026-10-21', level3: '2026-10-23' },
  },
  {
    // Wed 9 Sep: 15 working days count the make-up Sunday 20 Sep and skip 中秋, ending Wed 30 Sep,
    // the eve of the golden week: level 2 waits for Thu 8 Oct, level 3 lands on the make-up Saturday 10 Oct.
    title: 'an escalation ladder that runs across the National Day golden week',
    serverStart: '2026-09-09T02:00:00Z',
    days: { warning: 15, deadline: 21, level2: 29, level3: 31 },
    dates: { warning: '2026-09-24', deadline: '2026-09-30', level2: '2026-10-08', level3: '2026-10-10' },
  },
];

describeWithTestServer(
  'full-length SLAs on the real calendar, by skipping time (time-skipping test server + PostgreSQL)',
  () => {
    let stack: TimeSkippingStack | undefined;
    afterEach(async () => {
      await stack?.stop();
      stack = undefined;
    });

    it.each(LADDERS)('GENERAL case in HANDLING, 15 working days: $title', async ({ serverStart, days, dates }) => {
      stack = await startTimeSkippingStack(new Date(serverStart));
      const { policy, calendar, years } = await officeSettings(stack);
      // The office's seeded default policy and the seeded 2026 calendar, not a drill policy.
      expect(slaRuleFor(policy, 'HANDLING', 'GENERAL')).toEqual({
        stage: 'HANDLING',
        slaClass: 'GENERAL',
        workingDays: 15,
      });
      expect(policy.escalationSteps).toBeUndefined();
      // The rules the office works to (an ADMIN edit elsewhere in the run may have bumped the version).
      expect(policy.rules).toEqual(DEFAULT_SLA_POLICY.rules);
      const seeded2026 = years.find((y) => y.year === 2026)!;
      expect([...seeded2026.holidays].sort()).toEqual([...CHINA_CALENDAR_2026.holidays].sort());
      expect([...seeded2026.workdays].sort()).toEqual([...CHINA_CALENDAR_2026.workdays].sort());

      const claimed = await generalCaseInHandling(stack);
      const entered = new Date(claimed.stageEnteredAt);
      // Workflow time is the test server's: a few seconds of real time after its chosen start.
      expect(entered.getTime() - Date.parse(serverStart)).toBeGreaterThanOrEqual(0);
      expect(entered.getTime() - Date.parse(serverStart)).toBeLessThan(MINUTE_MS);

      // The deadline the workflow set is the pure function's, on the calendar it read.
      const deadline = computeStageDeadline({
        stage: 'HANDLING',
        slaClass: 'GENERAL',
        start: entered,
        policy,
        calendar,
      });
      expect(claimed.stageDeadline).toBe(deadline.toISOString());
      expect(calendar.workingTimeBetween(entered, deadline)).toBe(15 * DAY_MS);
      const ladder = buildEscalationLadder({
        start: entered,
        deadline,
        calendar,
        timeBasis: 'WORKING',
        slaClass: 'GENERAL',
        severity: 'NORMAL',
      });
      const [warning, level1, level2, level3] = ladder.map((c) => c.at);
      expect(level1).toEqual(deadline);

      // Checked by hand against the 2026 schedule: dates, same clock time, all of them working days.
      const offset = (at: Date) => (at.getTime() - entered.getTime()) / DAY_MS;
      expect([warning, level1, level2, level3].map(offset)).toEqual([
        days.warning,
        days.deadline,
        days.level2,
        days.level3,
      ]);
      expect([warning, level1, level2, level3].map(officeDate)).toEqual([
        dates.warning,
        dates.deadline,
        dates.level2,
        dates.level3,
      ]);
      for (const at of [warning, level1, level2, level3]) expect(calendar.isWorkingDay(at)).toBe(true);
      expect(calendar.workingTimeBetween(deadline, level2)).toBe(DAY_MS);
      expect(calendar.workingTimeBetween(deadline, level3)).toBe(3 * DAY_MS);
      // The stage spans the holidays: more calendar days than working days.
      expect(days.deadline).toBeGreaterThan(15 + 4);

      const { caseId } = claimed;
      const expected = [
        { type: 'WarningRaised', level: 0, at: warning },
        { type: 'EscalationRaised', level: 1, at: level1 },
        { type: 'EscalationRaised', level: 2, at: level2 },
        { type: 'EscalationRaised', level: 3, at: level3 },
      ];
      for (const [i, checkpoint] of expected.entries()) {
        // A minute before the checkpoint: nothing new yet.
        await skipTo(stack, checkpoint.at.getTime() - MINUTE_MS);
        expect((await alerts(stack, caseId)).length).toBe(i);
        // A minute after: raised once, by the workflow's timer, at the checkpoint's instant.
        await skipTo(stack, checkpoint.at.getTime() + MINUTE_MS);
        const raised = await waitFor(`alert ${i + 1} of ${caseId}`, async () => {
          const found = await alerts(stack!, caseId);
          return found.length > i ? found : undefined;
        });
        expect(raised).toHaveLength(i + 1);
        const event = raised[i];
        expect({ type: event.type, level: event.payload.level }).toEqual({
          type: checkpoint.type,
          level: checkpoint.level,
        });
        expect(event.payload).toMatchObject({ stage: 'HANDLING', deadline: deadline.toISOString() });
        const at = new Date(event.at).getTime();
        expect(at).toBeGreaterThanOrEqual(checkpoint.at.getTime());
        expect(at).toBeLessThan(checkpoint.at.getTime() + MINUTE_MS);
      }

      const state = await stack.cases.handle(caseId).query(caseStateQuery);
      expect(state).toMatchObject({
        stage: 'HANDLING',
        status: 'OPEN',
        escalationLevel: 3,
        overdue: true,
        stageDeadline: deadline.toISOString(),
      });
      const rows = await stack.harness.dataSource.query(
        'SELECT kind, level, deadline FROM alerts WHERE case_id = $1 ORDER BY event_seq',
        [caseId],
      );
      expect(rows.map((r: { kind: string; level: number }) => [r.kind, r.level])).toEqual([
        ['WARNING', 0],
        ['ESCALATION', 1],
        ['ESCALATION', 2],
        ['ESCALATION', 3],
      ]);
      expect(await stack.cases.row(caseId)).toMatchObject({ escalation_level: 3 });
      const described = await stack.cases.handle(caseId).describe();
      expect(described.typedSearchAttributes.get(CASE_STAGE_ATTRIBUTE)).toBe('HANDLING');
      expect(described.typedSearchAttributes.get(CASE_OVERDUE_ATTRIBUTE)).toBe(true);

      // Past the whole ladder: nothing more is raised, and the mediator can still finish.
      await skipTo(stack, level3.getTime() + 10 * DAY_MS);
      expect(await alerts(stack, caseId)).toHaveLength(4);
      const done = await stack.cases.act(caseId, completeHandlingUpdate, {
        actor: actors.mediator1,
        outcome: 'UNRESOLVED',
        summary: '逾期未化解',
      });
      expect(done).toMatchObject({ stage: 'SUPERVISION', escalationLevel: 0, overdue: false });
    });

    it('a suspension over a weekend costs the working time it covered: the deadline moves one working day, not three calendar days', async () => {
      // Mon 23 Nov 2026, 10:00 Shanghai: 15 working days of HANDLING end on Mon 14 Dec.
      stack = await startTimeSkippingStack(new Date('2026-11-23T02:00:00Z'));
      const { cases } = stack;
      const claimed = await generalCaseInHandling(stack);
      const deadline = Date.parse(claimed.stageDeadline!);
      expect(officeDate(new Date(deadline))).toBe('2026-12-14');

      // Suspended Fri 27 Nov 10:00 until Mon 30 Nov 10:00: 72 h of wall-clock time, 24 h of working time.
      await skipTo(stack, Date.parse('2026-11-27T02:00:00Z'));
      await cases.act(claimed.caseId, suspendDisputeUpdate, { actor: actors.supervisor1, reason: '等待法院判决' });
      await skipTo(stack, Date.parse('2026-11-30T02:00:00Z'));
      const resumed = await cases.act(claimed.caseId, resumeDisputeUpdate, { actor: actors.supervisor1 });
      const events = await cases.events(claimed.caseId);
      const suspendedAt = new Date(events.find((e) => e.type === 'DisputeSuspended')!.at).getTime();
      const resumedAt = new Date(events.find((e) => e.type === 'DisputeResumed')!.at).getTime();

      // Before: the deadline moved by the wall-clock pause, to Thu 17 Dec, two working days late.
      const moved = Date.parse(resumed.stageDeadline!);
      expect(officeDate(new Date(moved))).toBe('2026-12-15');
      expect(moved - deadline).toBe(resumedAt - suspendedAt - 2 * DAY_MS);
      expect(events.at(-1)).toMatchObject({
        type: 'DisputeResumed',
        payload: { stageDeadline: resumed.stageDeadline },
      });
      expect((await cases.row(claimed.caseId)).stage_deadline).toEqual(new Date(moved));
    });

    it('closes a case nobody rated in 7 calendar days, with the resolution its handling gave, marked NOT_RATED', async () => {
      // Fri 25 Sep 2026: the 7 days run over 中秋 and into the golden week; they are calendar days.
      stack = await startTimeSkippingStack(new Date('2026-09-25T02:00:00Z'));
      const { cases } = stack;
      const { policy } = await officeSettings(stack);
      expect(slaRuleFor(policy, 'EVALUATION', 'GENERAL')).toEqual({
        stage: 'EVALUATION',
        slaClass: 'GENERAL',
        duration: 'P7D',
      });

      const { caseId } = await generalCaseInHandling(stack);
      await cases.act(caseId, completeHandlingUpdate, {
        actor: actors.mediator1,
        outcome: 'RESOLVED_ON_SITE',
        summary: '现场化解',
      });
      await cases.act(caseId, approveSupervisionUpdate, { actor: actors.supervisor1 });
      const inEvaluation = await cases.act(caseId, deliverFeedbackUpdate, {
        actor: actors.mediator1,
        channel: 'SMS',
        content: '已告知处理结果',
      });
      expect(inEvaluation.stage).toBe('EVALUATION');
      const entered = Date.parse(inEvaluation.stageEnteredAt);
      const deadline = Date.parse(inEvaluation.stageDeadline!);
      expect(deadline - entered).toBe(7 * DAY_MS);

      // A minute short of 7 days: still waiting for the party's rating.
      await skipTo(stack, deadline - MINUTE_MS);
      expect(await cases.handle(caseId).query(caseStateQuery)).toMatchObject({ stage: 'EVALUATION', status: 'OPEN' });
      expect(await cases.eventTypes(caseId)).not.toContain('DisputeClosed');

      // Awaiting the result lets the server skip the rest of the time.
      const final = await cases.handle(caseId).result();
      expect(final).toMatchObject({ stage: 'CLOSED', status: 'CLOSED', resolution: 'RESOLVED' });
      const events = await cases.events(caseId);
      const closed = events.at(-1)!;
      expect(closed).toMatchObject({
        type: 'DisputeClosed',
        payload: { resolution: 'RESOLVED', evaluation: 'NOT_RATED' },
      });
      const closedAt = new Date(closed.at).getTime();
      expect(closedAt).toBeGreaterThanOrEqual(deadline);
      expect(closedAt).toBeLessThan(deadline + MINUTE_MS);
      expect(events.some((e) => ALERT_TYPES.includes(e.type))).toBe(false);
      expect(await cases.row(caseId)).toMatchObject({ status: 'CLOSED', resolution: 'RESOLVED' });
    });
  },
);
