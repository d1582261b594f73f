import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { arg, numArg, sleep, summarize, table } from './lib/common';
import { startBenchStack, type Backend } from './lib/stack';
import { runLoad } from './load-child';

/**
 * Where an intake's time goes: opens cases one at a time with the bare client (as the gateway
 * does) and reads each workflow's history back, timing the gaps between its events.
 *   node dist/bench-stack/bench/history-timing.js --backend sqlite --cases 20
 */
async function main(): Promise<void> {
  const backend = arg('backend', 'sqlite') as Backend;
  const stack = await startBenchStack({ backend });
  try {
    const n = numArg('cases', 20);
    const job = {
      target: 'bare-update-with-start' as const,
      durationMs: 600_000,
      concurrency: 1,
      maxRequests: n,
      gatewayUrl: stack.gatewayUrl,
      token: '',
      temporalAddress: stack.temporalAddress,
      taskQueue: 'disputes',
    };
    await runLoad({ ...job, maxRequests: 3 }); // warm-up
    const result = await runLoad(job);
    console.log(`update-with-start latency: ${JSON.stringify(summarize(result.latencies))}`);
    await sleep(2000);
    const client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
    const gaps = new Map<string, number[]>();
    let count = 0;
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'disputeWorkflow'` })) {
      const history = await client.workflow.getHandle(wf.workflowId).fetchHistory();
      const events = history.events ?? [];
      const t = (e: temporal.api.history.v1.IHistoryEvent) =>
        Number(e.eventTime!.seconds) * 1000 + e.eventTime!.nanos! / 1e6;
      for (let i = 1; i < Math.min(events.length, 16); i++) {
        const key = `${String(i).padStart(2)} ${temporal.api.enums.v1.EventType[events[i - 1].eventType!].replace('EVENT_TYPE_', '')} → ${temporal.api.enums.v1.EventType[events[i].eventType!].replace('EVENT_TYPE_', '')}`;
        (gaps.get(key) ?? gaps.set(key, []).get(key)!).push(t(events[i]) - t(events[i - 1]));
      }
      if (count === 0) {
        // One history in full up to the registration update's completion, with cumulative times.
        const start = t(events[0]);
        for (const e of events) {
          const type = temporal.api.enums.v1.EventType[e.eventType!].replace('EVENT_TYPE_', '');
          const detail =
            e.activityTaskScheduledEventAttributes?.activityType?.name ??
            e.markerRecordedEventAttributes?.markerName ??
            e.timerStartedEventAttributes?.startToFireTimeout?.seconds?.toString() ??
            '';
          console.log(`  +${(t(e) - start).toFixed(1).padStart(7)} ms  ${e.eventId}  ${type} ${detail}`);
          if (type === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED') break;
        }
      }
      if (++count >= n) break;
    }
    console.log(
      table(
        ['event gap (first events of each history)', 'n', 'p50 ms', 'p90 ms', 'max ms'],
        [...gaps.entries()].sort().map(([k, v]) => {
          const s = summarize(v);
          return [k, String(s.n), s.p50, s.p90, s.max];
        }),
      ),
    );
    await client.connection.close();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
