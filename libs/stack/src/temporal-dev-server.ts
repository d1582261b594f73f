import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs } from '@app/contracts/search-attributes';
import { GiveUp, logTail, portInUse, waitUntil } from './wait';

export interface DevServerOptions {
  cliPath: string;
  /** SQLite file: cases and timers survive a restart of the server. */
  dbFile: string;
  port: number;
  uiPort?: number;
  namespace: string;
  logFile: string;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` and resolves once its frontend answers for the namespace. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningTemporal> {
  if (await portInUse(options.port)) {
    throw new Error(
      `port ${options.port} is already in use: another Temporal server? Set TEMPORAL_DEV_PORT or stop it`,
    );
  }
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    options.dbFile,
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--ip',
    '127.0.0.1',
    '--log-level',
    'warn',
    // Our SQLite file holds one team's cases; WAL keeps readers off the single writer's back.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...devServerSearchAttributeArgs(),
  ];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');

  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(options.cliPath, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });

  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntil(
      `Temporal dev server at ${address}`,
      async () => {
        if (exited) throw new GiveUp(`temporal ${exited}; the end of ${options.logFile}:\n${logTail(options.logFile)}`);
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: options.namespace });
        } finally {
          await connection.close();
        }
      },
      60_000,
      250,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if the process has not gone within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
