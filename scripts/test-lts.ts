import { spawnSync } from 'child_process';
import * as path from 'path';
import { findNodeLts, NODE_LTS_VERSION } from './node-lts';

/**
 * `npm run test:lts`: the unit, integration and end-to-end jest projects again, on the current
 * Node.js LTS (the production image's Node), with everything they spawn on it too (jest's workers,
 * the worker and gateway processes started from process.execPath or `node` on PATH). The fault
 * drills and the browser and contract tests run on the machine's Node only. Extra arguments go
 * to jest (e.g. `npm run test:lts -- --selectProjects unit`).
 */
function main(): number {
  const node = findNodeLts();
  if (!node) {
    console.error(`[test:lts] Node.js ${NODE_LTS_VERSION} is not in the set-up cache: run \`npm run setup\``);
    return 1;
  }
  const root = path.resolve(__dirname, '..', '..');
  const extra = process.argv.slice(2);
  const args = [
    path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    ...(extra.length > 0 ? extra : ['--selectProjects', 'unit', 'integration', 'e2e']),
  ];
  console.log(`[test:lts] jest on Node.js ${NODE_LTS_VERSION} (${node}): ${args.slice(1).join(' ')}`);
  const run = spawnSync(node, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  return run.status ?? 1;
}

process.exit(main());
