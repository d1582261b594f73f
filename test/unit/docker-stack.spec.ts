import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';

// The production stack in docker/ is only ever run by Docker, so nothing else would notice a
// command that names a file the build never produces, a depends_on on a renamed service or a
// required variable nobody documented. This reads the files and checks them against the repo.

const root = path.resolve(__dirname, '../..');
const dockerDir = path.join(root, 'docker');
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

const SERVICES = [
  'postgresql',
  'temporal-schema',
  'temporal',
  'temporal-namespace',
  'temporal-ui',
  'migrate',
  'worker-1',
  'worker-2',
  'gateway-1',
  'gateway-2',
  'proxy',
  'prometheus',
  'grafana',
];
const WORKERS = ['worker-1', 'worker-2'];
const GATEWAYS = ['gateway-1', 'gateway-2'];
const APP_SERVICES = ['migrate', ...WORKERS, ...GATEWAYS];
/** What each engine process runs: dist/<path>.js, compiled from <path>.ts (rootDir '.'). */
const EXPECTED_ENTRY: Record<string, string> = {
  migrate: 'dist/scripts/migrate.js',
  'worker-1': 'dist/apps/worker/src/main.js',
  'worker-2': 'dist/apps/worker/src/main.js',
  'gateway-1': 'dist/apps/gateway/src/main.js',
  'gateway-2': 'dist/apps/gateway/src/main.js',
};

// ---- Dockerfile ---------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}
interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

/** Instructions as Docker reads them: comments dropped, backslash continuations joined. */
function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const [, keyword, args] = /^(\S+)\s*(.*)$/s.exec(full) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim() });
  }
  if (pending.trim() !== '') throw new Error('Dockerfile ends inside a line continuation');

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base, as, name] = instruction.args.replace(/^--platform=\S+\s+/, '').split(/\s+/);
      if (as !== undefined && as.toUpperCase() !== 'AS') throw new Error(`bad FROM: ${instruction.args}`);
      stages.push({ base, name, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`${instruction.keyword} before the first FROM`);
      const [key, value = ''] = instruction.args.split('=', 2);
      globalArgs[key] = value;
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** CMD/ENTRYPOINT/HEALTHCHECK CMD in exec form: a JSON array of strings. */
function execForm(args: string): string[] {
  const value: unknown = JSON.parse(args);
  if (!Array.isArray(value) || !value.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form array: ${args}`);
  }
  return value as string[];
}

const dockerfile = parseDockerfile(read('docker/Dockerfile'));
const stageNamed = (name: string): Stage | undefined => dockerfile.stages.find((s) => s.name === name);
const runtimeStage = dockerfile.stages[dockerfile.stages.length - 1];
const last = (stage: Stage, keyword: string): Instruction | undefined =>
  [...stage.instructions].reverse().find((i) => i.keyword === keyword);
const imageCmd = (): string[] => {
  const cmd = last(runtimeStage, 'CMD');
  if (!cmd) throw new Error('the runtime stage has no CMD');
  return execForm(cmd.args);
};

// ---- where dist/<path>.js comes from ------------------------------------------------------

const DIST_FILE = /^(?:\.\/)?dist\/(.+)\.js$/;
const distFiles = (command: string[]): string[] => command.filter((part) => DIST_FILE.test(part));
const sourceOf = (distFile: string): string => distFile.replace(DIST_FILE, '$1.ts');

// ---- compose.yaml ------------------------------------------------------------------------

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  environment?: string[] | Record<string, string | number | boolean | null>;
  ports?: (string | number | { target?: number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker/compose.yaml');
// merge: compose honours YAML merge keys (<<: *app), which YAML 1.2 leaves off by default.
const compose = parse(composeText, { merge: true }) as Compose;
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};

function envOf(s: Service): Env {
  const env: Env = {};
  if (Array.isArray(s.environment)) {
    for (const entry of s.environment) {
      const at = entry.indexOf('=');
      env[at < 0 ? entry : entry.slice(0, at)] = at < 0 ? '' : entry.slice(at + 1);
    }
  } else {
    for (const [key, value] of Object.entries(s.environment ?? {})) env[key] = value === null ? '' : String(value);
  }
  return env;
}

function dependsOn(s: Service): Record<string, string> {
  if (Array.isArray(s.depends_on)) return Object.fromEntries(s.depends_on.map((d) => [d, 'service_started']));
  return Object.fromEntries(
    Object.entries(s.depends_on ?? {}).map(([d, spec]) => [d, spec?.condition ?? 'service_started']),
  );
}

function buildsDockerfile(s: Service): boolean {
  if (s.build === undefined) return false;
  const context = path.resolve(dockerDir, typeof s.build === 'string' ? s.build : (s.build.context ?? '.'));
  const file = typeof s.build === 'string' ? 'Dockerfile' : (s.build.dockerfile ?? 'Dockerfile');
  return path.resolve(context, file) === path.join(dockerDir, 'Dockerfile');
}

/** The command a service really runs: its own, or the image's CMD for the engine image. */
function effectiveCommand(s: Service): string[] {
  if (typeof s.command === 'string') return s.command.trim().split(/\s+/);
  if (Array.isArray(s.command)) return s.command;
  if (buildsDockerfile(s)) return imageCmd();
  throw new Error('a service without a command that does not build docker/Dockerfile');
}

function hasHealthcheck(s: Service): boolean {
  if (s.healthcheck?.disable === true) return false;
  if (s.healthcheck?.test !== undefined) return true;
  return buildsDockerfile(s) && last(runtimeStage, 'HEALTHCHECK') !== undefined;
}

const containerPort = (port: string | number | { target?: number }): string =>
  typeof port === 'object'
    ? String(port.target)
    : String(port)
        .split(':')
        .pop()!
        .replace(/\/\w+$/, '');

/** ${VAR}, ${VAR:-x}, ${VAR:?x} and friends; $${VAR} is an escaped literal for the container. */
const interpolated = (text: string, requiredOnly: boolean): string[] => {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?/g)) {
    if (!requiredOnly || match[2]?.endsWith('?')) found.add(match[1]);
  }
  return [...found];
};

// ---- the tests ---------------------------------------------------------------------------

describe('docker/Dockerfile', () => {
  it('has a named build stage and a runtime stage, both on node:26-bookworm-slim (the current LTS)', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages) expect(stage.name).toMatch(/^[a-z][a-z0-9_-]*$/);
    const resolve = (base: string) =>
      base.replace(/\$\{?(\w+)\}?/g, (_, name: string) => dockerfile.globalArgs[name] ?? '');
    expect(dockerfile.stages.map((s) => resolve(s.base))).toEqual(dockerfile.stages.map(() => 'node:26-bookworm-slim'));
    expect(stageNamed('build')).toBeDefined();
    expect(runtimeStage.name).not.toBe('build');
  });

  it('builds with npm ci, npm run build, then prunes dev dependencies, in that order (Node 26 ships npm 11)', () => {
    const runs = stageNamed('build')!
      .instructions.filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n');
    const steps = ['npm ci', 'npm run build', 'npm prune --omit=dev'];
    const at = steps.map((step) => runs.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('runtime copies node_modules, dist and package.json from the build stage and runs as a non-root user', () => {
    const copied = runtimeStage.instructions
      .filter((i) => i.keyword === 'COPY' && /--from=build\b/.test(i.args))
      .map((i) => i.args.split(/\s+/).filter((part) => !part.startsWith('--'))[0]);
    expect(copied).toEqual(expect.arrayContaining(['/app/node_modules', '/app/dist', '/app/package.json']));
    const user = last(runtimeStage, 'USER');
    expect(user?.args).toBeDefined();
    expect(user!.args.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('defaults to the gateway: CMD is node dist/apps/gateway/src/main.js in exec form', () => {
    expect(imageCmd()).toEqual(['node', EXPECTED_ENTRY['gateway-1']]);
  });

  it('checks health by asking the gateway /health with node (no curl in the slim image)', () => {
    const healthcheck = last(runtimeStage, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const [, options, cmd] = /^((?:--\S+\s+)*)CMD\s+(.*)$/s.exec(healthcheck!.args) ?? [];
    expect(options).toMatch(/--interval=/);
    const command = execForm(cmd);
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain("path:'/health'");
    expect(command[2]).toContain('process.env.PORT');
    expect(() => new Function(command[2])).not.toThrow();
    expect(runtimeStage.instructions.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).includes('3000'))).toBe(
      true,
    );
  });

  it('keeps node_modules and dist of the host out of the build context', () => {
    const ignored = read('docker/Dockerfile.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist']));
  });
});

describe('dist/<path>.js is compiled from <path>.ts', () => {
  it('holds for tsconfig.build.json: rootDir is the repository root, outDir is dist', () => {
    const file = path.join(root, 'tsconfig.build.json');
    const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
    expect(error).toBeUndefined();
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, file);
    expect(path.resolve(options.rootDir!)).toBe(root);
    expect(path.resolve(options.outDir!)).toBe(path.join(root, 'dist'));
  });
});

describe('docker/compose.yaml', () => {
  it('declares PostgreSQL, Temporal with its jobs, migrate, two workers, two gateways, the proxy and monitoring, each with an image or a build', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(SERVICES));
    for (const name of Object.keys(compose.services)) {
      const s = service(name);
      expect({ name, runnable: s.image !== undefined || s.build !== undefined }).toEqual({ name, runnable: true });
    }
  });

  it('builds the engine services from docker/Dockerfile with the repository as context, as one image', () => {
    for (const name of APP_SERVICES) {
      expect({ name, builds: buildsDockerfile(service(name)) }).toEqual({ name, builds: true });
      const build = service(name).build;
      const context = typeof build === 'string' ? build : build?.context;
      expect(path.resolve(dockerDir, context ?? '.')).toBe(root);
    }
    expect(new Set(APP_SERVICES.map((name) => service(name).image)).size).toBe(1);
  });

  it.each(APP_SERVICES)('%s runs node on its dist entry point', (name) => {
    const command = effectiveCommand(service(name));
    expect(command[0]).toBe('node');
    expect(distFiles(command)).toEqual([EXPECTED_ENTRY[name]]);
  });

  // These fail until the entry points exist in the source tree: a command naming a file the
  // build does not produce would only show up as a crash-looping container.
  it.each(APP_SERVICES)('%s runs a file the build produces (its TypeScript source exists)', (name) => {
    const missing = distFiles(effectiveCommand(service(name)))
      .map(sourceOf)
      .filter((source) => !fs.existsSync(path.join(root, source)));
    expect(missing).toEqual([]);
  });

  it('the image CMD runs a file the build produces (its TypeScript source exists)', () => {
    const missing = distFiles(imageCmd())
      .map(sourceOf)
      .filter((source) => !fs.existsSync(path.join(root, source)));
    expect(missing).toEqual([]);
  });

  it('depends_on names existing services, with conditions each target can meet, and no cycle', () => {
    const names = Object.keys(compose.services);
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [target, condition] of Object.entries(dependsOn(s))) {
        const edge = `${name} -> ${target} (${condition})`;
        expect({ edge, exists: names.includes(target) }).toEqual({ edge, exists: true });
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') {
          expect({ edge, healthcheck: hasHealthcheck(service(target)) }).toEqual({ edge, healthcheck: true });
        }
        if (condition === 'service_completed_successfully') {
          expect({ edge, restart: service(target).restart }).toEqual({ edge, restart: 'no' });
        }
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...trail, name].join(' -> ')}`);
      visiting.add(name);
      for (const target of Object.keys(dependsOn(service(name)))) visit(target, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of names) visit(name, []);
  });

  it('orders start-up: postgresql, the schema job, temporal, the namespace job and migrate once, then workers and gateways, then the proxy', () => {
    expect(dependsOn(service('temporal-schema'))).toMatchObject({ postgresql: 'service_healthy' });
    expect(dependsOn(service('temporal'))).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn(service('temporal-namespace'))).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn(service('migrate'))).toMatchObject({ postgresql: 'service_healthy' });
    for (const name of [...WORKERS, ...GATEWAYS]) {
      expect({ name, depends: dependsOn(service(name)) }).toMatchObject({
        name,
        depends: { 'temporal-namespace': 'service_completed_successfully', migrate: 'service_completed_successfully' },
      });
    }
    expect(dependsOn(service('proxy'))).toEqual(Object.fromEntries(GATEWAYS.map((name) => [name, 'service_healthy'])));
    for (const name of ['migrate', 'temporal-schema', 'temporal-namespace'])
      expect({ name, restart: service(name).restart }).toEqual({ name, restart: 'no' });
  });

  it('switches the image health check (gateway /health) off for migrate and the workers', () => {
    for (const name of ['migrate', ...WORKERS]) {
      expect({ name, healthcheck: hasHealthcheck(service(name)) }).toEqual({ name, healthcheck: false });
    }
    for (const name of GATEWAYS)
      expect({ name, healthcheck: hasHealthcheck(service(name)) }).toEqual({ name, healthcheck: true });
  });

  it('runs the engine in production against the stack, with JWT_SECRET required, as the app role (migrate as the owner)', () => {
    const { owner, database } = appDatabase();
    for (const name of APP_SERVICES) {
      const user = name === 'migrate' ? owner : 'mediation_app';
      const env = envOf(service(name));
      expect({
        name,
        NODE_ENV: env.NODE_ENV,
        SEED_DEMO: env.SEED_DEMO,
        TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      }).toEqual({
        name,
        NODE_ENV: 'production',
        SEED_DEMO: 'false',
        TEMPORAL_ADDRESS: 'temporal:7233',
      });
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);
      const url = /^postgres(?:ql)?:\/\/([^:@/]+)(?::[^@]*)?@([^:/]+)(?::(\d+))?\/([^/?]+)$/.exec(
        env.DATABASE_URL ?? '',
      );
      expect(url).not.toBeNull();
      expect({ user: url![1], host: url![2], database: url![4] }).toEqual({ user, host: 'postgresql', database });
    }
    // Only the proxy publishes the gateways (port 80); Caddy sends to both.
    for (const name of GATEWAYS) expect({ name, ports: service(name).ports ?? [] }).toEqual({ name, ports: [] });
    expect(service('proxy').ports?.map(containerPort)).toContain('80');
    expect(envOf(service('proxy')).GATEWAY_UPSTREAMS.split(' ')).toEqual(GATEWAYS.map((name) => `${name}:3000`));
  });

  it("gives the engine its own database: postgres-init creates it, apart from Temporal's", () => {
    const postgres = service('postgresql');
    expect(postgres.image).toMatch(/^postgres:16\b/);
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
    const mounts = (postgres.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const data = mounts.find((m) => m.split(':')[1] === '/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes ?? {})).toContain(data?.split(':')[0]);
    expect(mounts.some((m) => /^\.\/postgres-init:\/docker-entrypoint-initdb\.d(:ro)?$/.test(m))).toBe(true);
    const { owner, database } = appDatabase();
    expect(['temporal', 'temporal_visibility', 'postgres']).not.toContain(database);
    expect(owner).not.toBe(envOf(service('temporal')).POSTGRES_USER);
    // The init script reads the roles' passwords from the postgresql service's environment.
    const sql = read('docker/postgres-init/01-roles.sql');
    for (const [, variable] of sql.matchAll(/\\getenv\s+\w+\s+(\w+)/g))
      expect(Object.keys(envOf(postgres))).toContain(variable);
  });

  it('runs temporalio/server on the postgresql service as the role temporal, after its schema job, with its dynamic config mounted', () => {
    const temporal = service('temporal');
    expect(temporal.image).toMatch(/^temporalio\/server:/);
    expect(service('temporal-schema').image).toBe(
      temporal.image!.replace('temporalio/server:', 'temporalio/admin-tools:'),
    );
    const env = envOf(temporal);
    expect(env).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgresql',
      DB_PORT: '5432',
      POSTGRES_USER: 'temporal',
    });
    expect(envOf(service('temporal-schema'))).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgresql',
      POSTGRES_USER: 'temporal',
      POSTGRES_PWD: env.POSTGRES_PWD,
    });
    expect(read('docker/postgres-init/01-roles.sql')).toMatch(
      /CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_db_password'/,
    );
    expect(env.POSTGRES_PWD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);
    expect(envOf(service('postgresql')).TEMPORAL_DB_PASSWORD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);
    expect(envOf(service('temporal-namespace')).TEMPORAL_NAMESPACE).toBe(
      envOf(service('gateway-1')).TEMPORAL_NAMESPACE,
    );
    const mount = (temporal.volumes ?? [])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.split(':'))
      .find(([, target]) => target === '/etc/temporal/config/dynamicconfig');
    expect(mount).toBeDefined();
    const configFile = env.DYNAMIC_CONFIG_FILE_PATH.replace(/^config\/dynamicconfig\//, '');
    const config = parse(fs.readFileSync(path.join(dockerDir, mount![0], configFile), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const [key, values] of Object.entries(config)) {
      const list =
        Array.isArray(values) && values.every((v: unknown) => typeof v === 'object' && v !== null && 'value' in v);
      expect({ key, list }).toEqual({ key, list: true });
    }
    const ui = service('temporal-ui');
    expect(ui.image).toMatch(/^temporalio\/ui:/);
    expect(envOf(ui).TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.ports?.map(containerPort)).toContain('8080');
  });

  it('mounts only host paths that exist', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const volume of s.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '');
        if (!source.startsWith('.') && !source.startsWith('/')) continue;
        expect({ name, source, exists: fs.existsSync(path.resolve(dockerDir, source)) }).toEqual({
          name,
          source,
          exists: true,
        });
      }
    }
  });

  it('documents in docker/README.md every variable it reads, above all the required ones', () => {
    const readme = read('docker/README.md');
    const required = interpolated(composeText, true);
    expect(required).toContain('JWT_SECRET');
    const undocumented = (names: string[]) => names.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented(required)).toEqual([]);
    expect(undocumented(interpolated(composeText, false))).toEqual([]);
    expect(readme).toContain('docker compose -f docker/compose.yaml up --build');
  });
});

/** The engine's database and its owner role, as docker/postgres-init/01-roles.sql creates them. */
function appDatabase(): { owner: string; database: string } {
  const sql = read('docker/postgres-init/01-roles.sql');
  const roles = [...sql.matchAll(/CREATE\s+ROLE\s+(\w+)/gi)].map((m) => m[1]);
  const database = /CREATE\s+DATABASE\s+(\w+)\s+OWNER\s+(\w+)/i.exec(sql);
  if (!database) throw new Error('01-roles.sql must CREATE DATABASE ... OWNER');
  expect(roles).toEqual(expect.arrayContaining([database[2], 'mediation_app']));
  return { owner: database[2], database: database[1] };
}
