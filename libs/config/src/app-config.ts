import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The process configuration, read once from the environment and validated: a bad or missing
 * variable stops start-up with a message that names it.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  /** The address the gateway listens on: 127.0.0.1 unless HOST says otherwise (0.0.0.0 in a container). */
  host: string;
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For gives the client's address (the
   * sign-in limits per address, the audit trail). Unset: none, the socket's address counts.
   */
  trustProxy?: string | number;
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
  /** JWT_SECRET; unset outside production: `jwtSecretOf` keeps a random one in the data folder. */
  jwtSecret?: string;
  jwtTtlSeconds: number;
  /** Sign-in throttling, account lockout and the password hasher's bound (the gateway's AuthModule). */
  signIn: SignInLimits;
  seedDemo: boolean;
  demoPassword: string;
  streetCode: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Open cases the worker keeps in memory; one evicted must be replayed from history when it wakes. */
  workerMaxCachedWorkflows: number;
  /** V8's heap growing factor for the worker, in percent over 100 (0: V8's own, up to 4 times what the last collection kept). */
  workerHeapGrowingPercent: number;
  /** Deadline of every Temporal call of the gateway (an action, an intake): past it the caller gets 503 TEMPORAL_UNAVAILABLE. */
  temporalCallTimeoutMs: number;
  /** Deadline of the gateway's workflow queries (case view, party status): past it the read model answers alone. */
  temporalQueryTimeoutMs: number;
  /** PostgreSQL pool: wait for a connection, per statement, idle inside a transaction, idle in the pool (ms; 0 = no limit). */
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  dbIdleTimeoutMs: number;
  /** A case whose activity fails this many times in a row raises an alert for ADMIN. */
  activityAlertAfterAttempts: number;
  /** How often one gateway purges the Idempotency-Key answers older than 24 hours (ms). */
  idempotencyPurgeIntervalMs: number;
  /** Set: a second port (on HOST) serving /metrics, /docs and /docs-json to anyone who reaches it (an internal network). */
  opsPort?: number;
  /** Live streams (alerts, tasks) one account may hold open at once; one more is refused with 429. */
  streamMaxPerUser: number;
  /** How often an open stream checks that its account is still active and its token unexpired and not signed out (ms). */
  streamCheckIntervalMs: number;
}

export interface SignInLimits {
  /** Sign-in attempts one client address may make in a window; over it, 429 until the window ends. */
  perAddress: number;
  /** Sign-in attempts for one username (from any address) in a window. */
  perUsername: number;
  windowSeconds: number;
  /** Consecutive wrong passwords that lock an account … */
  lockoutFailures: number;
  /** … for this long. */
  lockoutSeconds: number;
  /** Password hashes (argon2id, 19 MiB each) computed at once by one gateway process … */
  hashConcurrency: number;
  /** … and how many more may wait for one; beyond that, 503 with Retry-After. */
  hashQueue: number;
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
  {
    name: 'NODE_ENV',
    default: 'development',
    meaning: '`production` requires JWT_SECRET and turns demo data off by default',
  },
  { name: 'PORT', default: '3000', meaning: 'gateway HTTP port' },
  {
    name: 'HOST',
    default: '127.0.0.1',
    meaning: 'address the gateway listens on (`0.0.0.0`: every interface, as in the container)',
  },
  {
    name: 'TRUST_PROXY',
    default: '(unset: no proxy trusted)',
    meaning:
      'the reverse proxies whose X-Forwarded-For names the client (sign-in limits per address, audit trail): a hop count, or a comma list of `loopback`, `linklocal`, `uniquelocal`, addresses and CIDR ranges',
  },
  { name: 'DATA_DIR', default: './data', meaning: 'embedded PostgreSQL cluster and Temporal SQLite file live here' },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PostgreSQL)',
    meaning: 'postgres://user:pass@host:port/db of an external PostgreSQL',
  },
  { name: 'EMBEDDED_PG_PORT', default: '5433', meaning: 'port of the embedded PostgreSQL' },
  {
    name: 'TEMPORAL_ADDRESS',
    default: '(unset: local dev server)',
    meaning: 'host:port of an external Temporal frontend',
  },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal namespace' },
  { name: 'TEMPORAL_TASK_QUEUE', default: 'disputes', meaning: 'task queue of the dispute workflows' },
  { name: 'TEMPORAL_DEV_PORT', default: '7233', meaning: 'gRPC port of the local dev server' },
  { name: 'TEMPORAL_UI_PORT', default: '8233', meaning: 'Web UI port of the local dev server' },
  { name: 'TEMPORAL_CLI', default: '(PATH, then the set-up cache)', meaning: 'path of the `temporal` CLI binary' },
  {
    name: 'MEDIATION_CACHE_DIR',
    default: '~/.cache/mediation-engine',
    meaning: 'where `npm run setup` builds the Temporal CLI (outside the checkout)',
  },
  {
    name: 'JWT_SECRET',
    default: '(outside production: random, kept in DATA_DIR/jwt-secret)',
    meaning: 'HMAC secret of access tokens, at least 32 bytes; required in production',
  },
  { name: 'JWT_TTL_SECONDS', default: '28800', meaning: 'access token lifetime' },
  {
    name: 'LOGIN_LIMIT_PER_ADDRESS',
    default: '30',
    meaning:
      'sign-in attempts (login, password change) one client address may make per window; then 429 with Retry-After',
  },
  {
    name: 'LOGIN_LIMIT_PER_USERNAME',
    default: '10',
    meaning: 'sign-in attempts for one username, from any address, per window',
  },
  {
    name: 'LOGIN_LIMIT_WINDOW_SECONDS',
    default: '60',
    meaning: 'the window of both sign-in limits (counted in PostgreSQL, shared by every gateway)',
  },
  { name: 'LOGIN_LOCKOUT_FAILURES', default: '10', meaning: 'consecutive wrong passwords that lock an account' },
  {
    name: 'LOGIN_LOCKOUT_SECONDS',
    default: '900',
    meaning: 'how long a locked account refuses sign-in (429 with Retry-After)',
  },
  {
    name: 'PASSWORD_HASH_CONCURRENCY',
    default: '2',
    meaning: 'password hashes (argon2id, 19 MiB each) one gateway computes at once',
  },
  {
    name: 'PASSWORD_HASH_QUEUE',
    default: '32',
    meaning: 'sign-ins that may wait for a hash; more answer 503 with Retry-After',
  },
  {
    name: 'SEED_DEMO',
    default: 'true (false in production)',
    meaning: 'seed the demo territory and accounts at start',
  },
  { name: 'DEMO_PASSWORD', default: 'demo-pass-2026', meaning: 'password of every demo account' },
  { name: 'STREET_CODE', default: 'JF', meaning: 'street code in case numbers' },
  { name: 'LOG_LEVEL', default: 'log', meaning: 'error, warn, log or debug' },
  {
    name: 'WORKER_MAX_CACHED_WORKFLOWS',
    default: '2500',
    meaning:
      'open cases the worker keeps in memory, about 0.16 MiB of RSS each over a base of about 450 MiB (README "Worker memory": the default keeps the worker under 1 GiB; an evicted case is replayed when its timer fires)',
  },
  {
    name: 'WORKER_HEAP_GROWING_PERCENT',
    default: '30',
    meaning:
      'the worker\'s V8 heap may grow by this percentage over what the last collection kept (0: V8\'s own factor, up to 4 times); README "Worker memory"',
  },
  {
    name: 'WORKER_METRICS_BIND',
    default: '(unset: off)',
    meaning:
      "host:port of the worker's Prometheus endpoint, the Temporal SDK's metrics at /metrics (the compose stack: 0.0.0.0:9464); read by apps/worker/src/worker-metrics.ts",
  },
  {
    name: 'TEMPORAL_CALL_TIMEOUT_MS',
    default: '10000',
    meaning:
      'deadline of each Temporal call of the gateway (intake, case action); past it, or with Temporal unreachable, the answer is 503 TEMPORAL_UNAVAILABLE with Retry-After',
  },
  {
    name: 'TEMPORAL_QUERY_TIMEOUT_MS',
    default: '3000',
    meaning:
      "deadline of the workflow query behind a case view or a party's status; past it the read model answers alone",
  },
  {
    name: 'DB_CONNECT_TIMEOUT_MS',
    default: '10000',
    meaning: 'PostgreSQL pool: how long to wait for a new connection (0: no limit)',
  },
  {
    name: 'DB_STATEMENT_TIMEOUT_MS',
    default: '30000',
    meaning: "PostgreSQL `statement_timeout` of the gateway's and the worker's sessions (0: no limit)",
  },
  {
    name: 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    default: '60000',
    meaning:
      'PostgreSQL `idle_in_transaction_session_timeout`: a session idle inside a transaction this long is ended (0: no limit)',
  },
  {
    name: 'DB_IDLE_TIMEOUT_MS',
    default: '30000',
    meaning: 'PostgreSQL pool: an idle connection is closed after this long',
  },
  {
    name: 'ACTIVITY_ALERT_AFTER_ATTEMPTS',
    default: '5',
    meaning:
      'a case whose activity has failed this many attempts raises an alert for ADMIN (GET /api/admin/alerts); an error that retrying cannot cure raises it at once',
  },
  {
    name: 'IDEMPOTENCY_PURGE_INTERVAL_MS',
    default: '600000',
    meaning:
      'how often one gateway (a PostgreSQL advisory lock elects it) deletes the Idempotency-Key answers older than 24 hours',
  },
  {
    name: 'OPS_PORT',
    default: '(unset)',
    meaning:
      'a second gateway port (on HOST) serving /metrics, /docs and /docs-json without a token, for Prometheus on an internal network; with NODE_ENV=production the main port serves them to an ADMIN token only',
  },
  {
    name: 'STREAM_MAX_PER_USER',
    default: '5',
    meaning: 'live streams (alerts, tasks) one account may hold open at once on one gateway; one more answers 429',
  },
  {
    name: 'STREAM_CHECK_INTERVAL_MS',
    default: '30000',
    meaning:
      'how often an open live stream checks its account (still active) and its token (unexpired, not signed out); it ends when either fails',
  },
];

/** HS256 wants a key as long as its hash (RFC 7518 3.2): 32 bytes at least. */
export const JWT_SECRET_MIN_BYTES = 32;

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
  const jwtSecret = optional('JWT_SECRET');
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
  } else if (Buffer.byteLength(jwtSecret) < JWT_SECRET_MIN_BYTES) {
    problems.push(`JWT_SECRET must be at least ${JWT_SECRET_MIN_BYTES} bytes (openssl rand -hex 32)`);
  }
  const host = optional('HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) problems.push(`HOST must be an address or host name, got "${host}"`);
  const trustProxyRaw = optional('TRUST_PROXY');
  let trustProxy: string | number | undefined;
  if (trustProxyRaw !== undefined) {
    const parts = trustProxyRaw.split(',').map((part) => part.trim());
    if (/^\d{1,2}$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
    // Never "true": trusting every hop lets any client choose the address it is counted under.
    else if (parts.every((part) => /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)$/.test(part)))
      trustProxy = parts.join(',');
    else
      problems.push(
        `TRUST_PROXY must be a hop count or a comma list of loopback, linklocal, uniquelocal, addresses and CIDR ranges, got "${trustProxyRaw}"`,
      );
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
    host,
    trustProxy,
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
    signIn: {
      perAddress: int('LOGIN_LIMIT_PER_ADDRESS', 30, 1, 1_000_000),
      perUsername: int('LOGIN_LIMIT_PER_USERNAME', 10, 1, 1_000_000),
      windowSeconds: int('LOGIN_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      lockoutFailures: int('LOGIN_LOCKOUT_FAILURES', 10, 1, 1_000_000),
      lockoutSeconds: int('LOGIN_LOCKOUT_SECONDS', 900, 1, 86_400),
      hashConcurrency: int('PASSWORD_HASH_CONCURRENCY', 2, 1, 64),
      hashQueue: int('PASSWORD_HASH_QUEUE', 32, 0, 10_000),
    },
    seedDemo: bool('SEED_DEMO', !production),
    demoPassword: optional('DEMO_PASSWORD') ?? 'demo-pass-2026',
    streetCode,
    logLevel,
    workerMaxCachedWorkflows: int('WORKER_MAX_CACHED_WORKFLOWS', 2_500, 0, 1_000_000),
    workerHeapGrowingPercent: int('WORKER_HEAP_GROWING_PERCENT', 30, 0, 1_000),
    temporalCallTimeoutMs: int('TEMPORAL_CALL_TIMEOUT_MS', 10_000, 100, 600_000),
    temporalQueryTimeoutMs: int('TEMPORAL_QUERY_TIMEOUT_MS', 3_000, 100, 600_000),
    dbConnectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', 10_000, 0, 600_000),
    dbStatementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
    dbIdleInTransactionTimeoutMs: int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 0, 3_600_000),
    dbIdleTimeoutMs: int('DB_IDLE_TIMEOUT_MS', 30_000, 0, 3_600_000),
    activityAlertAfterAttempts: int('ACTIVITY_ALERT_AFTER_ATTEMPTS', 5, 1, 1000),
    idempotencyPurgeIntervalMs: int('IDEMPOTENCY_PURGE_INTERVAL_MS', 600_000, 1000, 86_400_000),
    opsPort: optional('OPS_PORT') === undefined ? undefined : int('OPS_PORT', 0, 1, 65535),
    streamMaxPerUser: int('STREAM_MAX_PER_USER', 5, 1, 1000),
    streamCheckIntervalMs: int('STREAM_CHECK_INTERVAL_MS', 30_000, 100, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The secret that signs access tokens: JWT_SECRET where set (always in production); elsewhere a
 * random 32-byte secret made on first use and kept in `DATA_DIR/jwt-secret` (mode 0600), so that
 * every development or test stack has its own and tokens outlive a restart of the same stack.
 */
export function jwtSecretOf(config: Pick<AppConfig, 'jwtSecret' | 'dataDir' | 'nodeEnv'>): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.nodeEnv === 'production') throw new ConfigError(['JWT_SECRET is required when NODE_ENV=production']);
  const file = path.join(config.dataDir, 'jwt-secret');
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place (which fails if it exists): of two processes starting
    // at once, one secret wins and neither reads a half-written file.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, `${randomBytes(JWT_SECRET_MIN_BYTES).toString('base64url')}\n`, { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret) < JWT_SECRET_MIN_BYTES) {
    throw new ConfigError([
      `${file} holds fewer than ${JWT_SECRET_MIN_BYTES} bytes: delete it and a new secret is made`,
    ]);
  }
  return secret;
}
