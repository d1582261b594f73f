import * as fs from 'fs';
import * as path from 'path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { prebuiltBundlePath, workflowBundleOptions } from '../apps/worker/src/workflow-bundle';

/** Bundles the workflow code once at build time, so workers start without webpack. */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  fs.mkdirSync(path.dirname(prebuiltBundlePath()), { recursive: true });
  fs.writeFileSync(prebuiltBundlePath(), code);
  console.log(`workflow bundle: ${prebuiltBundlePath()} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
