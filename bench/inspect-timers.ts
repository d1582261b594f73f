import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { arg, numArg, summarize, table } from './lib/common';

/**
 * Where an alert's time goes inside Temporal, read from the histories of a running stack:
 * for each fired timer, how late the server fired it (TimerFired − (TimerStarted + timeout)),
 * how long the following workflow task waited for a worker and ran, and how long the recording
 * activity waited and ran.
 *   node dist/bench-stack/bench/inspect-timers.js --address 127.0.0.1:PORT --cases 200
 */
async function main(): Promise<void> {
  const client = new Client({ connection: await Connection.connect({ address: arg('address', '127.0.0.1:7233') }) });
  const n = numArg('cases', 200);
  const E = temporal.api.enums.v1.EventType;
  const ms = (e: temporal.api.history.v1.IHistoryEvent) =>
    Number(e.eventTime!.seconds) * 1000 + e.eventTime!.nanos! / 1e6;
  const gaps: Record<string, number[]> = {
    'timer fired late by': [],
    'workflow task queued': [],
    'workflow task ran': [],
    'activity queued': [],
    'activity ran': [],
  };
  let seen = 0;
  for await (const wf of client.workflow.list({ query: arg('query', `WorkflowType = 'disputeWorkflow'`) })) {
    const events = (await client.workflow.getHandle(wf.workflowId).fetchHistory()).events ?? [];
    const byId = new Map(events.map((e) => [Number(e.eventId), e]));
    events.forEach((e, i) => {
      if (e.eventType !== E.EVENT_TYPE_TIMER_FIRED) return;
      const started = byId.get(Number(e.timerFiredEventAttributes!.startedEventId));
      const timeout = started?.timerStartedEventAttributes?.startToFireTimeout;
      if (!started || !timeout) return;
      const due = ms(started) + Number(timeout.seconds) * 1000 + (timeout.nanos ?? 0) / 1e6;
      gaps['timer fired late by'].push((ms(e) - due) / 1000);
      const next = (type: number, from: number) => events.slice(from).find((x) => x.eventType === type);
      const sched = next(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, i);
      const start = next(E.EVENT_TYPE_WORKFLOW_TASK_STARTED, i);
      const done = next(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, i);
      if (sched && start) gaps['workflow task queued'].push((ms(start) - ms(sched)) / 1000);
      if (start && done) gaps['workflow task ran'].push((ms(done) - ms(start)) / 1000);
      const at = next(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, i);
      const ast = next(E.EVENT_TYPE_ACTIVITY_TASK_STARTED, i);
      const acd = next(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, i);
      if (at && ast) gaps['activity queued'].push((ms(ast) - ms(at)) / 1000);
      if (ast && acd) gaps['activity ran'].push((ms(acd) - ms(ast)) / 1000);
    });
    if (++seen >= n) break;
  }
  console.log(`${seen} histories`);
  console.log(
    table(
      ['after a timer fires (s)', 'n', 'p50', 'p90', 'p99', 'max'],
      Object.entries(gaps).map(([k, v]) => {
        const s = summarize(v);
        return [k, String(s.n), s.p50.toFixed(2), s.p90.toFixed(2), s.p99.toFixed(2), s.max.toFixed(2)];
      }),
    ),
  );
  await client.connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
