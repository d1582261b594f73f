import * as fs from 'fs';
import * as path from 'path';
import type { BundleOptions } from '@temporalio/worker';

/** The repository root: where package.json is, from source (jest) or from dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Prebuilt by `npm run build`; the worker bundles from source when it is absent. */
export function prebuiltBundlePath(): string {
  return path.join(projectRoot(), 'dist', 'workflow-bundle.js');
}

/** Modules without per-workflow state, shared by all workflows of a worker (see below). */
export const PRELOADED_MODULES = [
  '@app/contracts',
  '@app/domain/enums',
  '@app/domain/calendar/office-time',
  '@app/domain/calendar/working-calendar',
  '@app/domain/sla/escalation-ladder',
  '@app/domain/sla/pause',
  '@app/domain/sla/sla-policy',
  '@app/domain/workflow-rules/stage-rules',
];

/**
 * Workflow code is bundled from the TypeScript sources with the same path aliases the rest of
 * the project uses; only `libs/domain` and `libs/contracts` may be reached from it.
 */
export function workflowBundleOptions(): BundleOptions {
  const root = projectRoot();
  const workflowsPath = path.join(root, 'workflows', 'index.ts');
  const interceptorsPath = path.join(root, 'workflows', 'request-id.interceptors.ts');
  return {
    workflowsPath,
    // The request id of the call driving the workflow goes on to its activities (headers only).
    workflowInterceptorModules: [interceptorsPath],
    // Evaluated once and shared (frozen) by every workflow in the worker's reusable V8 context,
    // instead of once per cached workflow: pure rules, constant tables and message definitions,
    // and our workflow modules themselves (with what they import), which keep no per-workflow
    // state at module level: a workflow's state lives in what its function creates. Shared, the
    // request-id interceptors' AsyncLocalStorage is one instance for the worker; one per cached
    // workflow made every promise created in the worker carry a property per cached workflow
    // (Node 20), so memory grew with the square of the cache (docs/notes/workflow-memory.md).
    preloadModules: [...PRELOADED_MODULES, workflowsPath, interceptorsPath],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string> | undefined),
        '@app/domain': path.join(root, 'libs', 'domain', 'src'),
        '@app/contracts': path.join(root, 'libs', 'contracts', 'src'),
      };
      return config;
    },
  };
}
