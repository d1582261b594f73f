import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, jwtSecretOf, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporalAddress).toBeUndefined();
    expect(config.temporalTaskQueue).toBe('disputes');
    expect(config.seedDemo).toBe(true);
    expect(config.demoPassword).toBe('demo-pass-2026');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', TEMPORAL_ADDRESS: 'no-port', SEED_DEMO: 'maybe', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be an integer/);
    expect(problems).toMatch(/TEMPORAL_ADDRESS must be host:port/);
    expect(problems).toMatch(/SEED_DEMO must be true or false/);
    expect(problems).toMatch(/DATABASE_URL must look like/);
  });

  it("reads the worker's cache and heap growth, naming a bad value", () => {
    const config = loadConfig({});
    expect(config.workerMaxCachedWorkflows).toBe(2500);
    expect(config.workerHeapGrowingPercent).toBe(30);
    expect(loadConfig({ WORKER_HEAP_GROWING_PERCENT: '0' }).workerHeapGrowingPercent).toBe(0);
    expect(() => loadConfig({ WORKER_HEAP_GROWING_PERCENT: '-5' })).toThrow(
      /WORKER_HEAP_GROWING_PERCENT must be an integer from 0 to 1000, got "-5"/,
    );
  });

  it('requires JWT_SECRET in production and turns demo data off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-secret-value-of-thirty-two-bytes-at-least' });
    expect(config.seedDemo).toBe(false);
  });

  it('refuses a JWT_SECRET shorter than 32 bytes, in production and elsewhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret-value' })).toThrow(
      /JWT_SECRET must be at least 32 bytes/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'a b' })).toThrow(/HOST must be/);
  });

  it('trusts no proxy unless TRUST_PROXY names them, and never every hop', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    for (const bad of ['true', '*', 'proxy.example'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be/);
  });

  it('reads the sign-in limits, with the documented defaults', () => {
    expect(loadConfig({}).signIn).toEqual({
      perAddress: 30,
      perUsername: 10,
      windowSeconds: 60,
      lockoutFailures: 10,
      lockoutSeconds: 900,
      hashConcurrency: 2,
      hashQueue: 32,
    });
    expect(
      loadConfig({ LOGIN_LIMIT_PER_ADDRESS: '3', LOGIN_LOCKOUT_FAILURES: '2', PASSWORD_HASH_QUEUE: '0' }).signIn,
    ).toMatchObject({
      perAddress: 3,
      lockoutFailures: 2,
      hashQueue: 0,
    });
    expect(() => loadConfig({ LOGIN_LIMIT_PER_USERNAME: '0' })).toThrow(/LOGIN_LIMIT_PER_USERNAME must be an integer/);
  });
});

describe('jwtSecretOf', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('outside production makes a random 32-byte secret per data folder, kept there with mode 0600', () => {
    const first = tempDir();
    const second = tempDir();
    const secret = jwtSecretOf(loadConfig({ DATA_DIR: first }));
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(jwtSecretOf(loadConfig({ DATA_DIR: first }))).toBe(secret); // kept: tokens outlive a restart
    expect(jwtSecretOf(loadConfig({ DATA_DIR: second }))).not.toBe(secret);
    const file = path.join(first, 'jwt-secret');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(first)).toEqual(['jwt-secret']); // no draft left behind
  });

  it('takes JWT_SECRET where set, and never makes one in production', () => {
    const dir = tempDir();
    expect(jwtSecretOf(loadConfig({ DATA_DIR: dir, JWT_SECRET: 's'.repeat(40) }))).toBe('s'.repeat(40));
    expect(fs.existsSync(path.join(dir, 'jwt-secret'))).toBe(false);
    expect(() => jwtSecretOf({ nodeEnv: 'production', dataDir: dir })).toThrow(/JWT_SECRET is required/);
  });

  it('refuses a kept secret that is too short', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'jwt-secret'), 'short\n');
    expect(() => jwtSecretOf(loadConfig({ DATA_DIR: dir }))).toThrow(/fewer than 32 bytes/);
  });
});
