import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

/**
 * The built scripts, as `npm run <name>` runs them (dist/scripts/<file>.js). TEST_DIST_DIR points
 * at another build of the server (`tsc -p tsconfig.build.json --outDir …` and tsc-alias) inside
 * the checkout, for a run beside a build in progress in dist/.
 */
export const DIST_SCRIPTS = path.resolve(process.env.TEST_DIST_DIR ?? path.resolve(__dirname, '../../dist'), 'scripts');

export interface RunningStack {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` as a user runs it (the built launcher), resolved once it prints "Ready". */
export function startStack(env: NodeJS.ProcessEnv, timeoutMs = 150_000): Promise<RunningStack> {
  const child = spawn(process.execPath, [path.join(DIST_SCRIPTS, 'start.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack not ready in ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in [\d.]+ s/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code} before ready:\n${output}`));
    });
  });
}

/** Ctrl-C, as a user stops it: resolves with the exit code once everything is down. */
export function interrupt(stack: RunningStack): Promise<number | null> {
  return new Promise((resolve) => {
    stack.child.stdout!.removeAllListeners('data');
    stack.child.stderr!.removeAllListeners('data');
    stack.child.removeAllListeners('exit');
    if (stack.child.exitCode !== null) return resolve(stack.child.exitCode);
    stack.child.once('exit', (code) => resolve(code));
    stack.child.kill('SIGINT');
  });
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in arrival order. */
  output: string;
}

/** Runs a built script (`admin-create`, `migrate`, …) to its end, `input` on its stdin. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<ScriptResult> {
  const child = spawn(process.execPath, [path.join(DIST_SCRIPTS, `${name}.js`), ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output }));
  });
}
