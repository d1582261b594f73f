import * as fs from 'fs';
import * as path from 'path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/** The committed histories: `{ workflowId, history }` per file. */
export function committedHistories(): { file: string; workflowId: string; history: unknown }[] {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) }));
}

/** The workflow code as the worker runs it, or another entry point with the same aliases. */
export async function bundle(workflowsPath?: string): Promise<{ code: string }> {
  const options = workflowBundleOptions();
  return bundleWorkflowCode({
    ...options,
    workflowsPath: workflowsPath ?? options.workflowsPath,
    logger: new DefaultLogger('WARN'),
  });
}
