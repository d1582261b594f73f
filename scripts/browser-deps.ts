import { spawnSync } from 'child_process';
import * as fs from 'fs';

/**
 * The browser the browser tests drive (test/browser): Debian's `chromium`, with the Noto CJK
 * fonts so Chinese renders as Chinese and not as boxes. `npm run setup` installs both with
 * apt-get when missing; the tests' global setup refuses to run without them.
 */

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_PACKAGE = 'chromium';
export const CJK_FONTS_PACKAGE = 'fonts-noto-cjk';

/** CHROMIUM_PATH when set (another Chromium or Chrome), else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
}

/** What the machine has, gathered by `gatherBrowserFacts`; `planBrowserSetup` decides on it alone. */
export interface BrowserFacts {
  chromiumPath: string;
  /** The path came from CHROMIUM_PATH: apt-get cannot put a browser there. */
  chromiumFromEnv: boolean;
  chromiumPresent: boolean;
  cjkFontsPresent: boolean;
  aptAvailable: boolean;
  root: boolean;
  sudoAvailable: boolean;
}

export type BrowserPlan =
  | { kind: 'ready' }
  | { kind: 'install'; packages: string[]; commands: string[][] }
  | { kind: 'cannot'; reason: string };

/** Pure: nothing to do, the apt-get commands to run, or why set-up cannot provide the browser. */
export function planBrowserSetup(facts: BrowserFacts): BrowserPlan {
  if (!facts.chromiumPresent && facts.chromiumFromEnv) {
    return {
      kind: 'cannot',
      reason: `CHROMIUM_PATH=${facts.chromiumPath} is not an executable file (unset it to use Debian's ${DEFAULT_CHROMIUM_PATH})`,
    };
  }
  const packages = [
    ...(facts.chromiumPresent ? [] : [CHROMIUM_PACKAGE]),
    ...(facts.cjkFontsPresent ? [] : [CJK_FONTS_PACKAGE]),
  ];
  if (packages.length === 0) return { kind: 'ready' };
  const missing = packages.join(' and ');
  if (!facts.aptAvailable) {
    return {
      kind: 'cannot',
      reason: `${missing} missing and no apt-get here: install Chromium and a CJK font yourself (CHROMIUM_PATH names the browser)`,
    };
  }
  if (!facts.root && !facts.sudoAvailable) {
    return {
      kind: 'cannot',
      reason: `${missing} missing: run as root (or with sudo): apt-get install ${packages.join(' ')}`,
    };
  }
  const prefix = facts.root ? [] : ['sudo'];
  return {
    kind: 'install',
    packages,
    commands: [
      [...prefix, 'apt-get', 'update'],
      [...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages],
    ],
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): { ok: boolean; out: string } | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return undefined; // no such program
  return { ok: result.status === 0, out: result.stdout ?? '' };
}

/** Installed per dpkg; undefined where there is no dpkg. */
function dpkgInstalled(pkg: string): boolean | undefined {
  const answer = run('dpkg-query', ['-W', '-f=${Status}', pkg]);
  if (!answer) return undefined;
  return answer.ok && answer.out.includes('install ok installed');
}

/**
 * Chinese fonts as Chromium finds them (fontconfig), else per dpkg. Where neither tool exists
 * (not a Linux desktop stack) there is nothing to check and the system's fonts are trusted.
 */
export function cjkFontsPresent(): boolean {
  const fc = run('fc-list', [':lang=zh', 'family']);
  if (fc?.ok && fc.out.trim() !== '') return true;
  const dpkg = dpkgInstalled(CJK_FONTS_PACKAGE);
  if (dpkg !== undefined) return dpkg;
  return !fc;
}

export function gatherBrowserFacts(env: NodeJS.ProcessEnv = process.env): BrowserFacts {
  const browser = chromiumPath(env);
  return {
    chromiumPath: browser,
    chromiumFromEnv: Boolean(env.CHROMIUM_PATH?.trim()),
    chromiumPresent: isExecutable(browser),
    cjkFontsPresent: cjkFontsPresent(),
    aptAvailable: run('apt-get', ['--version']) !== undefined,
    root: process.getuid?.() === 0,
    sudoAvailable: run('sudo', ['--version']) !== undefined,
  };
}

/**
 * Why the browser tests cannot run here, or undefined when they can: the message names
 * `npm run setup`. The tests fail on it, with or without CI; they never skip.
 */
export function browserProblem(facts: BrowserFacts): string | undefined {
  const missing = [
    ...(facts.chromiumPresent
      ? []
      : [`no Chromium at ${facts.chromiumPath}${facts.chromiumFromEnv ? ' (CHROMIUM_PATH)' : ''}`]),
    ...(facts.cjkFontsPresent ? [] : ['no CJK fonts (Chinese would render as boxes)']),
  ];
  if (missing.length === 0) return undefined;
  return (
    `The browser tests need Debian's chromium and fonts-noto-cjk: ${missing.join('; ')}. ` +
    'Run `npm run setup` (installs both with apt-get), or set CHROMIUM_PATH to another Chromium.'
  );
}

/** `npm run setup`'s browser step: installs what is missing, says what is used. Throws when it cannot. */
export function ensureBrowser(env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const facts = gatherBrowserFacts(env);
  const plan = planBrowserSetup(facts);
  if (plan.kind === 'cannot') throw new Error(`browser tests: ${plan.reason}`);
  if (plan.kind === 'install') {
    log(`installing ${plan.packages.join(', ')} for the browser tests (apt-get) …`);
    for (const [command, ...args] of plan.commands) {
      const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status !== 0)
        throw new Error(
          `${[command, ...args].join(' ')} failed with exit code ${result.status ?? result.signal ?? result.error?.message}`,
        );
    }
    const problem = browserProblem(gatherBrowserFacts(env));
    if (problem) throw new Error(`after apt-get install: ${problem}`);
  }
  const version = run(facts.chromiumPath, ['--version']);
  log(`browser tests: ${facts.chromiumPath} (${version?.out.trim() || 'version unknown'}), CJK fonts present`);
}
