import * as path from 'path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundle, committedHistories } from '../support/replay';

/**
 * The committed histories (test/histories/) were recorded from earlier runs of the workflow; the
 * current code must replay each of them exactly. A change that cannot must go behind `patched()`.
 */
describe('replay of committed workflow histories', () => {
  const histories = committedHistories();

  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(4);
  });

  it('replays every committed history with the current workflow code', async () => {
    const workflowBundle = await bundle();
    const results = Worker.runReplayHistories(
      { workflowBundle, replayName: 'committed' },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('catches a deliberately non-deterministic change', async () => {
    const altered = await bundle(path.resolve(__dirname, '../replay/altered-dispute.workflow.ts'));
    const [first] = histories;
    await expect(
      Worker.runReplayHistory({ workflowBundle: altered, replayName: 'altered' }, first.history, first.workflowId),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
