import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from './app-config';

/** LOG_LEVEL as pino names it (`log` is Nest's word for pino's `info`). */
export const PINO_LEVEL: Record<AppConfig['logLevel'], string> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
};

/** Keys whose values never reach a log line, wherever a logged object holds them (up to three levels down). */
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'accessToken',
  'token',
  'ticket',
  'authorization',
  'cookie',
  'phone',
  'idNumber',
];
/** A party's name: only where parties are (a bare `name` is an error's or a module's). */
const PARTY_NAME_PATHS = ['parties[*].name', '*.parties[*].name', '*.*.parties[*].name', 'party.name', '*.party.name'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [
    key,
    `*.${key}`,
    `*.*.${key}`,
    `*.*.*.${key}`,
    `*[*].${key}`,
    `*.*[*].${key}`,
    `*.*.*[*].${key}`,
  ]),
  ...PARTY_NAME_PATHS,
];

/** A mainland mobile number (optionally after 86) standing alone, and an 18-character resident ID number. */
const MOBILE = /(?<![0-9])(?:86)?(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])/g;
const ID_NUMBER = /(?<![0-9A-Za-z])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;

/**
 * The last line of defence: whatever a line holds (an error's message quoting a row, a value
 * under a key no path names), mobile and ID numbers leave the process masked as the case views
 * mask them. Pure.
 */
export function maskPersonalDataInText(line: string): string {
  return line
    .replace(MOBILE, (_, head: string, _middle: string, tail: string) => `${head}****${tail}`)
    .replace(ID_NUMBER, (_, head: string, tail: string) => `${head}********${tail}`);
}

/** What every process's logger shares: the level, the redactions, the masking of each line, ISO times. */
export function loggerOptions(level: AppConfig['logLevel'], app: 'gateway' | 'worker'): LoggerOptions {
  return {
    level: PINO_LEVEL[level],
    base: { app, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskPersonalDataInText },
  };
}

/** A process's root logger, to standard output unless a destination is given (tests). */
export function createLogger(
  level: AppConfig['logLevel'],
  app: 'gateway' | 'worker',
  destination?: DestinationStream,
): Logger {
  return pino(loggerOptions(level, app), destination ?? pino.destination({ dest: 1, sync: true }));
}
