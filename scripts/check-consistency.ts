import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '@app/config';
import { caseStateQuery, disputeWorkflowId } from '@app/contracts';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
import { createDataSource } from '@app/persistence/data-source';
import { locateStack } from '@app/stack';

/**
 * `npm run check:consistency`: asks the workflow of every open case for its state and compares
 * it with the cases read model; prints each drift and exits 1 when there is any.
 * Works on the running stack: DATABASE_URL and TEMPORAL_ADDRESS when set, else what `npm start`
 * runs (same DATA_DIR and ports). CHECK_CONCURRENCY (default 8) bounds the queries.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const stack = await locateStack(config, { temporal: true, startPostgres: 'never', log: (line) => console.log(line) });
  stack.description.forEach((line) => console.log(line));
  const dataSource = createDataSource(stack.databaseUrl, 2);
  await dataSource.initialize();
  const connection = await Connection.connect({ address: stack.temporalAddress! }).catch(async (error) => {
    await dataSource.destroy();
    throw error;
  });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  try {
    const report = await checkConsistency(dataSource, {
      concurrency: Number(process.env.CHECK_CONCURRENCY ?? 8),
      queryState: (caseId) => client.workflow.getHandle(disputeWorkflowId(caseId)).query(caseStateQuery),
      onCase: (checked, drift) => {
        if (drift) console.log(describeDrift(drift));
        if (checked % 1000 === 0) console.log(`  ${checked} open cases checked`);
      },
    });
    console.log(`${report.checked} open cases checked, ${report.drifted.length} drifted`);
    return report.drifted.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await dataSource.destroy();
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
