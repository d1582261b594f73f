import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { toolCacheDir } from '@app/stack';

/**
 * Schemathesis (the outside OpenAPI checker of `npm run test:contract`), pinned: a newer release
 * brings new checks and new data, and the contract test must fail only when the gateway changes.
 */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** A Python virtual environment of its own in the set-up cache, outside the checkout. */
export function schemathesisDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), 'schemathesis');
}

export function schemathesisBin(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(schemathesisDir(env), 'bin', 'schemathesis');
}

const stampFile = (env: NodeJS.ProcessEnv) => path.join(schemathesisDir(env), '.installed-version');

/** The pinned version is installed (read from the stamp the installer leaves: no Python started). */
export function schemathesisPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    return (
      fs.readFileSync(stampFile(env), 'utf8').trim() === SCHEMATHESIS_VERSION && fs.existsSync(schemathesisBin(env))
    );
  } catch {
    return false;
  }
}

/** A Python 3.9+ to make the environment with: PYTHON, else python3.11, python3. */
function findPython(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [env.PYTHON, 'python3.11', 'python3'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info >= (3, 9))'], {
      encoding: 'utf8',
    });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  return undefined;
}

/**
 * Installs the pinned Schemathesis with pip into its environment when it is not there yet, and
 * says where it is. Fast when present: one file read.
 */
export function ensureSchemathesis(
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = console.log,
): string {
  const bin = schemathesisBin(env);
  if (schemathesisPresent(env)) {
    say(`Schemathesis ${SCHEMATHESIS_VERSION}: ${bin}`);
    return bin;
  }
  const python = findPython(env);
  if (!python)
    throw new Error('no Python 3.9+ with venv (python3.11 or python3) for Schemathesis (npm run test:contract)');
  const dir = schemathesisDir(env);
  say(`installing Schemathesis ${SCHEMATHESIS_VERSION} with pip into ${dir} …`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
  };
  run(python, ['-m', 'venv', dir]);
  run(path.join(dir, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  fs.writeFileSync(stampFile(env), `${SCHEMATHESIS_VERSION}\n`);
  say(`Schemathesis ${SCHEMATHESIS_VERSION}: ${bin}`);
  return bin;
}
