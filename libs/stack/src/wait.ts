import * as fs from 'fs';
import * as net from 'net';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Thrown by a probe of `waitUntil` when waiting longer cannot help (the process has exited). */
export class GiveUp extends Error {}

/** Retries `probe` until it resolves or `timeoutMs` passes; the last error explains a failure. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      if (error instanceof GiveUp) throw new Error(`${what} failed: ${error.message}`);
      lastError = error;
      await sleep(intervalMs);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${what} not ready after ${timeoutMs} ms: ${reason}`);
}

/**
 * A free port for a server started by tests, scripts or benchmarks. Drawn at random below the
 * kernel's ephemeral range (32768 and up on Linux), so that the outgoing connections of busy
 * processes cannot take it between the draw and the server's bind, and never handed out twice
 * by one process. The port handed out by the OS for `listen(0)` was such a range port: a test
 * that drew its ports at the start and bound them a minute later lost one (CI, stop 9).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = LOW_PORTS_FROM + Math.floor(Math.random() * LOW_PORTS_COUNT);
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${LOW_PORTS_FROM} and ${LOW_PORTS_FROM + LOW_PORTS_COUNT - 1}`);
}

const LOW_PORTS_FROM = 20000;
const LOW_PORTS_COUNT = 12000;
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // 0.0.0.0 clashes with a listener on any IPv4 address, 127.0.0.1 included.
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The last lines of a log file, for an error message that must explain itself. */
export function logTail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(unreadable: ${(error as Error).message})`;
  }
}
