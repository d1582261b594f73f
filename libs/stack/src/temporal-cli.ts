import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The CLI release whose module can be go-installed (later tags carry a `replace` directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export interface TemporalCli {
  path: string;
  source: 'TEMPORAL_CLI' | 'PATH' | 'cache';
}

/** Tools the set-up step builds live here, outside any checkout, so clones share them. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MEDIATION_CACHE_DIR) return path.resolve(env.MEDIATION_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'mediation-engine');
}

export function cachedCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), 'bin', 'temporal');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** TEMPORAL_CLI, then `temporal` on PATH, then the set-up cache; undefined when none exists. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): TemporalCli | undefined {
  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) {
      throw new Error(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file`);
    }
    return { path: env.TEMPORAL_CLI, source: 'TEMPORAL_CLI' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const cached = cachedCliPath(env);
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  return undefined;
}

export function goAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return onPath('go', env) !== undefined;
}

/** Builds the CLI into the cache with `go install`; a no-op when it is already there. */
export function buildTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const target = cachedCliPath(env);
  if (isExecutable(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const result = spawnSync('go', ['install', TEMPORAL_CLI_MODULE], {
    env: { ...env, GOBIN: path.dirname(target) },
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed with exit code ${result.status ?? result.signal}`);
  }
  return target;
}

export function temporalCliVersion(cliPath: string): string {
  return execFileSync(cliPath, ['--version'], { encoding: 'utf8' }).trim();
}
