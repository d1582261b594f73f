import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { ConfigError, loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/persistence/password-hash';
import { locateStack } from '@app/stack';
import { readPassword } from './read-password';

/**
 * `npm run admin:create -- --username <name> [--display-name <name>] [--password-file <file>]`
 * (in the image: `node dist/scripts/admin-create.js …`): creates an ADMIN account, the first one
 * of a fresh install. The password comes from the file, or from stdin (asked twice, not echoed,
 * on a terminal), never from the command line, where it would stay in the shell's history and in
 * the process list. Works on the stack `npm start` runs (or DATABASE_URL), like the other
 * maintenance commands.
 */

/** The fewest characters of a password this command accepts: the sign-in's own rule. */
export const ADMIN_PASSWORD_MIN_LENGTH = PASSWORD_MIN_LENGTH;
/** As the admin API's CreateUserDto. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const USAGE = `usage: npm run admin:create -- --username <name> [--display-name <name>] [--password-file <file>]
  The password is read from --password-file, or from stdin (typed twice, not shown, on a terminal).
  It is never taken from the command line. At least ${ADMIN_PASSWORD_MIN_LENGTH} characters.`;

class UsageError extends Error {}

interface Options {
  username: string;
  displayName: string;
  passwordFile?: string;
}

export function parseArguments(args: string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--password' || flag === '-p') {
      throw new UsageError(
        'a password is never taken from the command line (it would stay in the shell history and the process list): use --password-file or stdin',
      );
    }
    if (!['--username', '--display-name', '--password-file'].includes(flag))
      throw new UsageError(`unknown argument "${arg}"`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const username = values.get('--username');
  if (!username) throw new UsageError('--username is required');
  if (!USERNAME.test(username)) {
    throw new UsageError(
      `--username "${username}": 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`,
    );
  }
  const displayName = values.get('--display-name') ?? username;
  if (displayName.trim().length === 0 || displayName.length > 100)
    throw new UsageError('--display-name: 1 to 100 characters');
  return { username, displayName, passwordFile: values.get('--password-file') };
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < ADMIN_PASSWORD_MIN_LENGTH)
    return `the password is too short: at least ${ADMIN_PASSWORD_MIN_LENGTH} characters (got ${password.length})`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `the password is too long: at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() !== password) return 'the password starts or ends with white space (a copy error?)';
  return undefined;
}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  const password = options.passwordFile
    ? fs.readFileSync(options.passwordFile, 'utf8').replace(/\r?\n$/, '')
    : await readPassword(process.stdin, process.stderr);
  const problem = passwordProblem(password);
  if (problem) {
    console.error(`${problem}; no account was created`);
    return 1;
  }
  const config = loadConfig();
  const stack = await locateStack(config, {
    temporal: false,
    startPostgres: 'existing',
    log: (line) => console.log(line),
  });
  const dataSource = createDataSource(stack.databaseUrl, 1);
  try {
    await dataSource.initialize();
    const [{ users }] = await dataSource.query(`SELECT to_regclass('public.users') IS NOT NULL AS users`);
    if (!users) {
      console.error('the database has no schema yet: run npm run migrate (or npm start) first; no account was created');
      return 1;
    }
    // Only the columns an ADMIN account needs; the others keep their defaults.
    const rows: { id: string; username: string }[] = await dataSource.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING RETURNING id, username`,
      [randomUUID(), options.username, options.displayName, await hashPassword(password), ['ADMIN']],
    );
    const created = rows[0];
    if (!created) {
      console.error(
        `the username "${options.username}" is already taken: choose another; no account was created or changed`,
      );
      return 1;
    }
    console.log(
      `ADMIN "${created.username}" created (id ${created.id}): sign in at the desks with this username and the password given`,
    );
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stack.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
      else console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
      process.exit(error instanceof UsageError ? 64 : 1);
    },
  );
}
