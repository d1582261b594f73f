import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort, GiveUp, logTail, waitUntil } from './wait';

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range that a server can bind', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20000);
      expect(port).toBeLessThan(32768);
    }
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('waitUntil', () => {
  it('retries a failing probe until it answers', async () => {
    let calls = 0;
    const value = await waitUntil(
      'probe',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'up';
      },
      5_000,
      1,
    );
    expect({ value, calls }).toEqual({ value: 'up', calls: 3 });
  });

  it('stops at once on GiveUp and says why, instead of waiting out the timeout', async () => {
    let calls = 0;
    const failing = waitUntil(
      'server',
      async () => {
        calls += 1;
        throw new GiveUp('server exited with 1');
      },
      60_000,
      1,
    );
    await expect(failing).rejects.toThrow('server failed: server exited with 1');
    expect(calls).toBe(1);
  });
});

describe('logTail', () => {
  it('gives the last lines of a log, and says so when the log cannot be read', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'log-tail-')), 'x.log');
    fs.writeFileSync(file, Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    expect(logTail(file, 2)).toBe('line 29\nline 30');
    expect(logTail(`${file}.missing`)).toMatch(/^\(unreadable: ENOENT/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
