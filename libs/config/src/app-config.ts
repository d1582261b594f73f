import * as path from 'path';

/**
 * The process configuration, read once from the environment and validated: a bad or missing
 * variable stops start-up with a message that names it.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  dataDir: string;
  /** Set: use this PostgreSQL. Unset: the launcher starts an embedded one. */
  databaseUrl?: string;
  embeddedPgPort: number;
  /** Set: connect to this Temporal frontend. Unset: the launcher starts a dev server. */
  temporalAddress?: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  temporalDevPort: number;
  temporalUiPort: number;
  temporalCli?: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  seedDemo: boolean;
  demoPassword: string;
  streetCode: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Open cases the worker keeps in memory; one evicted must be replayed from history when it wakes. */
  workerMaxCachedWorkflows: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Every variable, its default and meaning: the README's configuration table is this list. */
export const CONFIG_VARIABLES: { name: string; default: string; meaning: string }[] = [
  { name: 'NODE_ENV', default: 'development', meaning: '`production` requires JWT_SECRET and turns demo data off by default' },
  { name: 'PORT', default: '3000', meaning: 'gateway HTTP port' },
  { name: 'DATA_DIR', default: './data', meaning: 'embedded PostgreSQL cluster and Temporal SQLite file live here' },
  { name: 'DATABASE_URL', default: '(unset: embedded PostgreSQL)', meaning: 'postgres://user:pass@host:port/db of an external PostgreSQL' },
  { name: 'EMBEDDED_PG_PORT', default: '5433', meaning: 'port of the embedded PostgreSQL' },
  { name: 'TEMPORAL_ADDRESS', default: '(unset: local dev server)', meaning: 'host:port of an external Temporal frontend' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal namespace' },
  { name: 'TEMPORAL_TASK_QUEUE', default: 'disputes', meaning: 'task queue of the dispute workflows' },
  { name: 'TEMPORAL_DEV_PORT', default: '7233', meaning: 'gRPC port of the local dev server' },
  { name: 'TEMPORAL_UI_PORT', default: '8233', meaning: 'Web UI port of the local dev server' },
  { name: 'TEMPORAL_CLI', default: '(PATH, then the set-up cache)', meaning: 'path of the `temporal` CLI binary' },
  { name: 'MEDIATION_CACHE_DIR', default: '~/.cache/mediation-engine', meaning: 'where `npm run setup` builds the Temporal CLI (outside the checkout)' },
  { name: 'JWT_SECRET', default: '(dev only: a fixed development secret)', meaning: 'HMAC secret of access tokens; required in production' },
  { name: 'JWT_TTL_SECONDS', default: '28800', meaning: 'access token lifetime' },
  { name: 'SEED_DEMO', default: 'true (false in production)', meaning: 'seed the demo territory and accounts at start' },
  { name: 'DEMO_PASSWORD', default: 'demo-pass-2026', meaning: 'password of every demo account' },
  { name: 'STREET_CODE', default: 'JF', meaning: 'street code in case numbers' },
  { name: 'LOG_LEVEL', default: 'log', meaning: 'error, warn, log or debug' },
  { name: 'WORKER_MAX_CACHED_WORKFLOWS', default: '10000', meaning: 'open cases the worker keeps in memory (docs/benchmarks.md: an evicted case is replayed when its timer fires)' },
];

const DEV_JWT_SECRET = 'development-only-secret-not-for-production';

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const optional = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };

  const databaseUrl = optional('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(databaseUrl)) {
    problems.push('DATABASE_URL must look like postgres://user:password@host:port/database');
  }
  const temporalAddress = optional('TEMPORAL_ADDRESS');
  if (temporalAddress && !/^[^\s:/]+:\d{1,5}$/.test(temporalAddress)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port, got "${temporalAddress}"`);
  }
  let jwtSecret = optional('JWT_SECRET');
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = DEV_JWT_SECRET;
  } else if (jwtSecret.length < 16) {
    problems.push('JWT_SECRET must be at least 16 characters');
  }
  const logLevel = (optional('LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of error, warn, log, debug, got "${logLevel}"`);
  }
  const streetCode = optional('STREET_CODE') ?? 'JF';
  if (!/^[A-Z]{2,8}$/.test(streetCode)) problems.push('STREET_CODE must be 2 to 8 capital letters');

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 1, 65535),
    dataDir: path.resolve(optional('DATA_DIR') ?? 'data'),
    databaseUrl,
    embeddedPgPort: int('EMBEDDED_PG_PORT', 5433, 1, 65535),
    temporalAddress,
    temporalNamespace: optional('TEMPORAL_NAMESPACE') ?? 'default',
    temporalTaskQueue: optional('TEMPORAL_TASK_QUEUE') ?? 'disputes',
    temporalDevPort: int('TEMPORAL_DEV_PORT', 7233, 1, 65535),
    temporalUiPort: int('TEMPORAL_UI_PORT', 8233, 1, 65535),
    temporalCli: optional('TEMPORAL_CLI'),
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    seedDemo: bool('SEED_DEMO', !production),
    demoPassword: optional('DEMO_PASSWORD') ?? 'demo-pass-2026',
    streetCode,
    logLevel,
    workerMaxCachedWorkflows: int('WORKER_MAX_CACHED_WORKFLOWS', 10_000, 0, 1_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
