import type { CaseEventDraft } from '@app/contracts';
import type { activitiesOf } from '@app/activities/dispute.activities';

type Activities = ReturnType<typeof activitiesOf>;

/**
 * Drill only (test/faults/worker-kill.spec.ts): `FAULT_KILL_AFTER_APPEND=<EventType>:<n>` makes
 * the worker SIGKILL itself right after its n-th append of that event type has committed, inside
 * the local activity: the event is in the record, the workflow task that decided it never
 * completes, and a retry of that task runs on another worker later. That is the window in which
 * the record and the workflow could disagree, entered on purpose instead of by chance.
 * Unset (always, outside the drill): the activities are returned unchanged.
 */
export function killAfterAppendFromEnv(
  value: string | undefined,
): ((activities: Activities) => Activities) | undefined {
  if (!value) return undefined;
  const match = /^([A-Za-z]+):([1-9]\d*)$/.exec(value);
  if (!match) throw new Error(`FAULT_KILL_AFTER_APPEND must be <EventType>:<count>, not "${value}"`);
  const [, type, count] = match;
  let seen = 0;
  /** Dies if `appended` holds the n-th append of that type: after the commit, before the task completes. */
  const maybeDie = async (appended: CaseEventDraft[]) => {
    const hit = appended.find((draft) => draft.type === type && ++seen === Number(count));
    if (!hit) return;
    // Written before dying so the drill knows which event sits in the window.
    process.stderr.write(`fault: killed after appending ${hit.type} seq ${hit.seq} of case ${hit.caseId}\n`, () =>
      process.kill(process.pid, 'SIGKILL'),
    );
    await new Promise(() => undefined);
  };
  return (activities) => ({
    ...activities,
    recordCaseEvent: async (draft: CaseEventDraft) => {
      const result = await activities.recordCaseEvent(draft);
      await maybeDie([draft]);
      return result;
    },
    // A decision's events, appended together (BATCHED_APPENDS_PATCH in the workflow).
    recordCaseEvents: async (drafts: CaseEventDraft[]) => {
      const result = await activities.recordCaseEvents(drafts);
      await maybeDie(drafts);
      return result;
    },
  });
}

/**
 * Drill only (test/faults/activity-failure-alert.spec.ts): `FAULT_FAIL_APPEND=<EventType>:<how>,…`
 * makes every append holding an event of that type fail before anything is written, as PostgreSQL
 * would: `retryable` like a refused connection (ECONNREFUSED), `refused` like a record the database
 * rejects (23505 unique violation). Unset (always, outside the drill): unchanged.
 */
export function failAppendsFromEnv(value: string | undefined): ((activities: Activities) => Activities) | undefined {
  if (!value) return undefined;
  const rules = new Map<string, 'retryable' | 'refused'>();
  for (const part of value.split(',')) {
    const match = /^([A-Za-z]+):(retryable|refused)$/.exec(part.trim());
    if (!match) throw new Error(`FAULT_FAIL_APPEND must be <EventType>:retryable|refused[,…], not "${value}"`);
    rules.set(match[1], match[2] as 'retryable' | 'refused');
  }
  const check = (drafts: CaseEventDraft[]) => {
    const how = drafts.map((draft) => rules.get(draft.type)).find((rule) => rule !== undefined);
    if (how === 'retryable')
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1 (fault injection)'), { code: 'ECONNREFUSED' });
    if (how === 'refused')
      throw Object.assign(new Error('duplicate key value violates unique constraint "fault_injection"'), {
        code: '23505',
      });
  };
  return (activities) => ({
    ...activities,
    recordCaseEvent: async (draft: CaseEventDraft) => {
      check([draft]);
      return activities.recordCaseEvent(draft);
    },
    recordCaseEvents: async (drafts: CaseEventDraft[]) => {
      check(drafts);
      return activities.recordCaseEvents(drafts);
    },
    recordAcceptance: async (draft: Parameters<Activities['recordAcceptance']>[0]) => {
      check([draft]);
      return activities.recordAcceptance(draft);
    },
  });
}

/** Both drills' wrappers, when set. */
export function faultsFromEnv(env: NodeJS.ProcessEnv): ((activities: Activities) => Activities) | undefined {
  const wraps = [killAfterAppendFromEnv(env.FAULT_KILL_AFTER_APPEND), failAppendsFromEnv(env.FAULT_FAIL_APPEND)].filter(
    (w) => w !== undefined,
  );
  return wraps.length === 0 ? undefined : (activities) => wraps.reduce((wrapped, wrap) => wrap(wrapped), activities);
}
