import { HashGate, HashGateFull } from './hash-gate';

/** A piece of work that ends when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe('HashGate', () => {
  it('runs at most `concurrency` at once, queues up to `queue` in order, and refuses the rest at once', async () => {
    const gate = new HashGate(2, 1);
    const [a, b, c] = [held(), held(), held()];
    const order: string[] = [];
    const runA = gate.run(async () => (await a.work(), order.push('a')));
    const runB = gate.run(async () => (await b.work(), order.push('b')));
    let cStarted = false;
    const runC = gate.run(async () => ((cStarted = true), await c.work(), order.push('c')));
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    await expect(gate.run(async () => 'd')).rejects.toBeInstanceOf(HashGateFull);

    a.finish();
    await runA;
    // The freed slot went to the waiter; nothing else may start meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    expect(cStarted).toBe(true);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    // The queue has room again: the next one waits instead of being refused.
    const runE = gate.run(async () => order.push('e'));
    expect(gate.load).toEqual({ running: 2, waiting: 1 });

    b.finish();
    c.finish();
    await Promise.all([runB, runC, runE]);
    expect(order).toEqual(['a', 'b', 'c', 'e']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    await expect(gate.run(async () => 'f')).resolves.toBe('f');
  });

  it('frees the slot when the work fails', async () => {
    const gate = new HashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });
});
