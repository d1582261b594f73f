import { ConfigError, loadConfig } from './app-config';

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

  it('requires JWT_SECRET in production and turns demo data off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-secret-value' });
    expect(config.seedDemo).toBe(false);
  });
});
