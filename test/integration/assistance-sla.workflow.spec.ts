import {
  answerAssistanceUpdate,
  caseStateQuery,
  claimAssistanceUpdate,
  claimTaskUpdate,
  completeHandlingUpdate,
  requestAssistanceUpdate,
  routeDisputeUpdate,
  type CaseState,
} from '@app/contracts';
import { officeDate } from '@app/domain/calendar/working-calendar';
import { actors, XINCUN_COMMITTEE } from '../support/case-driver';
import { startTimeSkippingStack, testServerDescribe, type TimeSkippingStack } from '../support/time-skipping-server';
import { waitFor } from '../support/wait-for';

/**
 * Joint handling (协办, docs/joint-handling.md): an assistance's deadline is a durable timer of the
 * dispute workflow. Proved on the time-skipping test server with the office's real calendar: the
 * police liaison (派出所联络室, center ZZ) is asked for 3 working days on Monday 23 Nov 2026;
 * nobody answers; the warning comes at 80 % of its working time, levels 1, 2 and 3 at the deadline
 * and 1 and 3 working days after (over the weekend), each an alert of center ZZ (the assisting
 * unit's), not of the case's center TJ, and none counted as the case's own escalation.
 */

const MINUTE_MS = 60_000;
const POLICE_LIAISON = '00000000-0000-4000-8000-000000000005';
const TYPES = ['AssistanceWarningRaised', 'AssistanceEscalationRaised'];

const describeWithTestServer = testServerDescribe('assistance SLA');

async function skipTo(stack: TimeSkippingStack, at: number): Promise<void> {
  const now = await stack.env.currentTimeMs();
  if (at > now) await stack.env.sleep(at - now);
}

describeWithTestServer(
  'an overdue assistance warns and escalates on the assisting center (time-skipping server + PostgreSQL)',
  () => {
    let stack: TimeSkippingStack | undefined;
    afterEach(async () => {
      await stack?.stop();
      stack = undefined;
    });

    it('raises the ladder of a 3-working-day assistance on center ZZ, over a weekend, and records a late answer as late', async () => {
      // Mon 23 Nov 2026, 10:00 Shanghai.
      stack = await startTimeSkippingStack(new Date('2026-11-23T02:00:00Z'));
      const { cases } = stack;
      const { caseId } = await cases.register({ report: { category: 'NEIGHBOR' } });
      await cases.act(caseId, routeDisputeUpdate, {
        actor: actors.clerk,
        centerCode: 'TJ',
        unitId: XINCUN_COMMITTEE,
        severity: 'NORMAL',
        slaClass: 'GENERAL',
      });
      await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
      const requested: CaseState = await cases.act(caseId, requestAssistanceUpdate, {
        actor: actors.mediator1,
        unitId: POLICE_LIAISON,
        centerCode: 'ZZ',
        instruction: '请派出所协助调取监控',
        workingDays: 3,
      });
      const assistance = requested.assistances![0];
      const requestedAt = Date.parse(assistance.requestedAt);
      // 3 working days from Monday 10:00: Thursday 26 Nov, same time.
      expect(officeDate(new Date(assistance.deadline))).toBe('2026-11-26');
      expect(Date.parse(assistance.deadline) - requestedAt).toBe(3 * 86_400_000);
      const points = assistance.checkpoints.map((c) => ({ kind: c.kind, level: c.level, at: Date.parse(c.at) }));
      expect(points.map((p) => officeDate(new Date(p.at)))).toEqual([
        '2026-11-25', // warning: 80 % of 3 working days (2.4 days)
        '2026-11-26', // level 1: the deadline
        '2026-11-27', // level 2: one working day after
        '2026-12-01', // level 3: three working days after, over the weekend of 28–29 Nov
      ]);

      // A mediator of the police liaison? None of the demo accounts is: a member is made up for the claim.
      const liaison = { ...actors.mediator3, unitIds: [POLICE_LIAISON] };

      for (const [i, point] of points.entries()) {
        await skipTo(stack, point.at - MINUTE_MS);
        expect((await cases.events(caseId)).filter((e) => TYPES.includes(e.type))).toHaveLength(i);
        await skipTo(stack, point.at + MINUTE_MS);
        const raised = await waitFor(`assistance alert ${i + 1}`, async () => {
          const found = (await cases.events(caseId)).filter((e) => TYPES.includes(e.type));
          return found.length > i ? found : undefined;
        });
        expect(raised).toHaveLength(i + 1);
        expect(raised[i]).toMatchObject({
          type: point.kind === 'WARNING' ? 'AssistanceWarningRaised' : 'AssistanceEscalationRaised',
          payload: {
            assistanceId: assistance.id,
            assistingUnitId: POLICE_LIAISON,
            assistingCenterCode: 'ZZ',
            level: point.level,
            deadline: assistance.deadline,
          },
        });
        const at = raised[i].at.getTime();
        expect(at).toBeGreaterThanOrEqual(point.at);
        expect(at).toBeLessThan(point.at + MINUTE_MS);
        // Claimed after the warning, still unanswered.
        if (i === 0) await cases.act(caseId, claimAssistanceUpdate, { actor: liaison, assistanceId: assistance.id });
      }

      const alerts = await stack.harness.dataSource.query(
        'SELECT kind, level, center_code, unit_id, reason FROM alerts WHERE case_id = $1 ORDER BY event_seq',
        [caseId],
      );
      expect(alerts).toEqual(
        [
          ['WARNING', 0],
          ['ESCALATION', 1],
          ['ESCALATION', 2],
          ['ESCALATION', 3],
        ].map(([kind, level]) => ({ kind, level, center_code: 'ZZ', unit_id: POLICE_LIAISON, reason: 'ASSISTANCE' })),
      );
      // The case itself is not overdue: its own stage (15 working days) runs until 14 Dec.
      const state = await cases.handle(caseId).query(caseStateQuery);
      expect(state).toMatchObject({ stage: 'HANDLING', escalationLevel: 0, overdue: false });
      expect(await cases.row(caseId)).toMatchObject({ escalation_level: 0, center_code: 'TJ' });
      const facts = await stack.harness.dataSource.query(
        `SELECT metric, sub, hits, extra FROM measure_facts WHERE case_id = $1 AND metric IN ('escalation', 'assistance')`,
        [caseId],
      );
      expect(facts).toEqual([{ metric: 'assistance', sub: POLICE_LIAISON, hits: 0, extra: 0 }]);
      const [row] = await stack.harness.dataSource.query(
        'SELECT status, alert_level FROM case_assistances WHERE id = $1',
        [assistance.id],
      );
      expect(row).toEqual({ status: 'CLAIMED', alert_level: 3 });

      // Handling cannot complete; the late answer is recorded as late, and then it can.
      const refused = await cases
        .act(caseId, completeHandlingUpdate, {
          actor: actors.mediator1,
          outcome: 'UNRESOLVED',
          summary: '未化解',
        })
        .then(
          () => undefined,
          (error: { cause?: { type?: string; message?: string } }) => error.cause,
        );
      expect(refused?.type).toBe('STAGE_CONFLICT');
      expect(refused?.message).toContain(assistance.id);
      const answered = await cases.act(caseId, answerAssistanceUpdate, {
        actor: liaison,
        assistanceId: assistance.id,
        report: '监控已调取',
      });
      expect(answered.assistances![0]).toMatchObject({ status: 'ANSWERED' });
      const events = await cases.events(caseId);
      expect(events.at(-1)).toMatchObject({ type: 'AssistanceAnswered', payload: { onTime: false } });
      const [answeredRow] = await stack.harness.dataSource.query(
        `SELECT hits, extra FROM measure_facts WHERE case_id = $1 AND metric = 'assistance'`,
        [caseId],
      );
      expect(answeredRow).toEqual({ hits: 0, extra: 1 });
      // Past more time: nothing more is raised for the answered assistance.
      await skipTo(stack, points[3].at + 5 * 86_400_000);
      expect((await cases.events(caseId)).filter((e) => TYPES.includes(e.type))).toHaveLength(4);
      const done = await cases.act(caseId, completeHandlingUpdate, {
        actor: actors.mediator1,
        outcome: 'UNRESOLVED',
        summary: '未化解',
      });
      expect(done.stage).toBe('SUPERVISION');
    });
  },
);
