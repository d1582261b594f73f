import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '@app/stack';
import { GatewayClient, sampleReport } from '../support/http';

const START_SCRIPT = path.resolve(__dirname, '../../dist/scripts/start.js');

interface RunningStack {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` as a user runs it (the built launcher), resolved once it prints "Ready". */
function startStack(env: NodeJS.ProcessEnv): Promise<RunningStack> {
  const child = spawn(process.execPath, [START_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in 150 s:\n${output}`)), 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in [\d.]+ s/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code} before ready:\n${output}`));
    });
  });
}

/** Ctrl-C, as a user stops it: resolves with the exit code once everything is down. */
function interrupt(stack: RunningStack): Promise<number | null> {
  return new Promise((resolve) => {
    stack.child.stdout!.removeAllListeners('data');
    stack.child.stderr!.removeAllListeners('data');
    stack.child.removeAllListeners('exit');
    if (stack.child.exitCode !== null) return resolve(stack.child.exitCode);
    stack.child.once('exit', (code) => resolve(code));
    stack.child.kill('SIGINT');
  });
}

describe('npm start: a case survives a restart of the whole stack', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let running: RunningStack | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(START_SCRIPT))
      throw new Error(`${START_SCRIPT} missing: run \`npm run build\` first (npm test does)`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-restart-'));
    fs.chmodSync(dataDir, 0o755);
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
    env = {
      ...rest,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    if (running) await interrupt(running);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('finds the case of the first run after a stop and a second start', async () => {
    const gateway = `http://127.0.0.1:${env.PORT}`;
    running = await startStack(env);
    expect(running.output()).toContain(`Temporal UI: http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    const clerk = await new GatewayClient(gateway).login('clerk1');
    const created = await clerk.post('/api/disputes', sampleReport({ acceptNow: true }));
    expect(created.status).toBe(201);
    expect(await interrupt(running)).toBe(0);
    running = undefined;

    running = await startStack(env);
    const again = await new GatewayClient(gateway).login('clerk1');
    const found = await again.get(`/api/disputes/${created.body.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: created.body.id, caseNo: created.body.caseNo, stage: 'ACCEPTANCE' });
    // The workflow itself came back, not just the read model: it still refuses a second accept.
    expect(await again.post(`/api/disputes/${created.body.id}/accept`)).toMatchObject({
      status: 409,
      body: { code: 'STAGE_CONFLICT' },
    });
  });
});
