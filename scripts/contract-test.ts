import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_PASSWORD, startBrowserStack, type BrowserStack } from '../test/browser/support/browser-stack';
import { ROOT } from '../test/browser/support/built';
import { SCHEMATHESIS_VERSION, schemathesisBin, schemathesisPresent } from './schemathesis';

/**
 * `npm run test:contract`: the OpenAPI document (/docs-json) checked by an outside tool.
 *
 * Starts the whole stack as the browser tests do (Temporal dev server, embedded PostgreSQL with
 * the migrations and the demo data, the built worker and gateway) on free ports in a throw-away
 * folder, then runs Schemathesis with every check (`--checks all`) against the live gateway:
 * once logged in as each demo role in turn, once without a token for the public routes. Any
 * failure fails the run. The stack is stopped at the end in every case (also on Ctrl-C).
 *
 * Bounded and repeatable: a fixed seed, a fixed number of examples per operation, no example
 * database; the roles run one after the other against the same stack, ADMIN last (its PUTs change
 * the office settings the others' cases are decided by). Settings and the reason for each one
 * left off: test/contract/schemathesis.toml.
 *
 * The operations that end the session they are called with (POST /api/auth/logout revokes the
 * token, POST /api/auth/password may change the account's password) are left out of the roles'
 * runs, which would otherwise go on with a signed-out token, and have a run of their own last
 * (`sessions`, as grid1, whose own run is over by then).
 *
 * Every role runs even after one has failed. Options (after `--`): `--roles clerk1,admin`
 * (`public` for the run without a token, `sessions` for the session-ending operations), `--max-examples N`, `--seed N`. It runs the built code
 * (dist/), as the browser tests do: `npm run build:server` first when the gateway changed.
 */

const CONTRACT_DIR = path.join(ROOT, 'test/contract');
const RESULTS_DIR = path.join(CONTRACT_DIR, 'results');
const CONFIG_FILE = path.join(CONTRACT_DIR, 'schemathesis.toml');

/** The demo accounts of API.md "Demo data", one per role (two supervisor levels), ADMIN last. */
const ROLES = ['clerk1', 'grid1', 'mediator1', 'supervisor1', 'supervisor2', 'admin'] as const;
const PUBLIC = 'public';
const SESSIONS = 'sessions';
/** The session-ending operations, and the account their run signs in as. */
const SESSION_ENDING = ['/api/auth/logout', '/api/auth/password'];
const SESSIONS_ACCOUNT = 'grid1';

interface Options {
  roles: string[];
  maxExamples: number;
  seed: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { roles: [...ROLES, SESSIONS, PUBLIC], maxExamples: 15, seed: 20261201 };
  for (let i = 0; i < argv.length; i++) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--roles' && value) options.roles = value.split(',');
    else if (name === '--max-examples' && value) options.maxExamples = Number(value);
    else if (name === '--seed' && value) options.seed = Number(value);
    else throw new Error(`unknown option ${name} (known: --roles a,b --max-examples N --seed N)`);
    i++;
  }
  const unknown = options.roles.filter(
    (role) => role !== PUBLIC && role !== SESSIONS && !(ROLES as readonly string[]).includes(role),
  );
  if (unknown.length)
    throw new Error(`unknown role ${unknown.join(', ')} (known: ${[...ROLES, SESSIONS, PUBLIC].join(', ')})`);
  if (!(options.maxExamples >= 1)) throw new Error('--max-examples must be at least 1');
  return options;
}

async function login(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login as ${username} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface RunResult {
  who: string;
  exitCode: number;
  seconds: number;
  summary: string;
}

/**
 * Schemathesis closes each run with pytest's closing line, `==== 3 failures, 2 warnings in 41.2s ====`
 * (or `==== 4 warnings in 29.4s ====` when all is well). CI's recorder reads pytest's closing lines,
 * and one that counts warnings but no passed test reads as a run that executed no test: on the
 * console that line is reworded (results/<who>.log keeps Schemathesis' own output).
 */
export function isPytestClosing(line: string): boolean {
  return /^=+ .+ in [\d.]+s =+$/.test(line.trim());
}

export function consoleLine(line: string): string {
  if (!isPytestClosing(line)) return line;
  const words = line.trim().replace(/^=+ | =+$/g, '');
  const match = /^(.*) in ([\d.]+)s$/.exec(words);
  return match ? `-- Schemathesis closed: ${match[1]} (${match[2]} s)` : `-- Schemathesis closed: ${words}`;
}

/** One Schemathesis run; its output goes to the console and to results/<who>.log. */
function schemathesis(who: string, args: string[]): Promise<RunResult> {
  const started = Date.now();
  const logFile = path.join(RESULTS_DIR, `${who}.log`);
  const log = fs.createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesisBin(), args, {
      cwd: CONTRACT_DIR,
      env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1', COLUMNS: '120' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      log.write(chunk);
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-4000);
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) process.stdout.write(`${consoleLine(line)}\n`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pending) process.stdout.write(`${consoleLine(pending)}\n`);
      log.end();
      const closing = tail.trimEnd().split('\n').reverse().find(isPytestClosing) ?? '';
      const cases = /(\d+) generated, (\d+) passed/.exec(tail);
      resolve({
        who,
        exitCode: code ?? (signal ? 128 : 1),
        seconds: (Date.now() - started) / 1000,
        summary: [
          cases ? `${cases[2]} of ${cases[1]} generated cases passed` : '',
          closing
            .replace(/=+/g, '')
            .replace(/ in [\d.]+s\s*$/, '')
            .trim(),
        ]
          .filter(Boolean)
          .join('; '),
      });
    });
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!schemathesisPresent()) {
    throw new Error(
      `Schemathesis ${SCHEMATHESIS_VERSION} is not installed at ${schemathesisBin()}: run \`npm run setup\``,
    );
  }
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  const started = Date.now();
  const say = (line: string) => console.log(`[contract] ${line}`);
  let stack: BrowserStack | undefined;
  const stopStack = async () => {
    const current = stack;
    stack = undefined;
    if (!current) return;
    const stopping = Date.now();
    await current.stop();
    say(
      `stack stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s (app logs in test/contract/results/stack-logs)`,
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping the stack`);
    void stopStack().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results: RunResult[] = [];
  try {
    stack = await startBrowserStack((line) => say(`stack: ${line}`), { logsDir: path.join(RESULTS_DIR, 'stack-logs') });
    const baseUrl = stack.baseUrl;
    say(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${baseUrl}`);

    const common = [
      '--config-file',
      CONFIG_FILE,
      'run',
      `${baseUrl}/docs-json`,
      '--url',
      baseUrl,
      '--checks',
      'all',
      '--max-examples',
      String(options.maxExamples),
      '--seed',
      String(options.seed),
      '--generation-database',
      'none',
      '--no-color',
    ];
    for (const who of options.roles) {
      say(
        `== Schemathesis ${SCHEMATHESIS_VERSION}, ${
          who === PUBLIC
            ? 'no token: the public routes'
            : who === SESSIONS
              ? `as ${SESSIONS_ACCOUNT}: ${SESSION_ENDING.join(', ')}`
              : `as ${who}`
        }`,
      );
      const report = ['--report', 'junit', '--report-junit-path', path.join(RESULTS_DIR, `${who}.junit.xml`)];
      const args =
        who === PUBLIC
          ? // Without a token only the operations that need none: the others answer 401 to everything.
            [...common, '--exclude-by', '/security/0/bearer == []', ...report]
          : who === SESSIONS
            ? [
                ...common,
                ...SESSION_ENDING.flatMap((operation) => ['--include-path', operation]),
                '--header',
                `Authorization: Bearer ${await login(baseUrl, SESSIONS_ACCOUNT)}`,
                ...report,
              ]
            : [
                ...common,
                ...SESSION_ENDING.flatMap((operation) => ['--exclude-path', operation]),
                '--header',
                `Authorization: Bearer ${await login(baseUrl, who)}`,
                ...report,
              ];
      results.push(await schemathesis(who, args));
    }
  } finally {
    await stopStack();
  }

  console.log('');
  say(
    `Schemathesis ${SCHEMATHESIS_VERSION}, --checks all, ${options.maxExamples} examples per operation, seed ${options.seed}:`,
  );
  for (const result of results) {
    say(
      `  ${result.exitCode === 0 ? 'ok  ' : 'FAIL'} ${result.who.padEnd(12)} ${result.seconds.toFixed(0).padStart(4)} s  ${result.summary}`,
    );
  }
  const failed = results.filter((result) => result.exitCode !== 0);
  say(`took ${((Date.now() - started) / 1000).toFixed(0)} s; logs and JUnit reports in test/contract/results`);
  // The plain closing line: one per Schemathesis run (each role, and the one without a token).
  console.log(`contract: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 && results.length === options.roles.length ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`[contract] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
