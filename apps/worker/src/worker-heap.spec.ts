import { execFileSync } from 'child_process';
import { cacheMemoryWarning, limitHeapGrowing } from './worker-heap';

describe('limitHeapGrowing', () => {
  it('sets V8 heap growing factor from the percentage, and leaves V8 its own at 0', () => {
    const set: string[] = [];
    expect(limitHeapGrowing(30, (flag) => set.push(flag))).toBe('--heap-growing-percent=30');
    expect(limitHeapGrowing(0, (flag) => set.push(flag))).toBeUndefined();
    expect(set).toEqual(['--heap-growing-percent=30']);
  });

  it('is a flag this Node accepts: a process started with it runs', () => {
    // setFlagsFromString only prints an unknown flag to stderr and goes on; on the command line
    // Node refuses it, so this fails if a later V8 drops or renames the flag.
    const out = execFileSync(process.execPath, ['--heap-growing-percent=30', '-e', 'process.stdout.write("ran")'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toBe('ran');
  });
});

describe('cacheMemoryWarning', () => {
  const MiB = 2 ** 20;
  const machine = 24 * 1024 * MiB;

  it('says nothing without a limit: none known, 0, or at least the machine (Node gives 2^64 for an unlimited cgroup)', () => {
    expect(cacheMemoryWarning(100_000, undefined, machine)).toBeUndefined();
    expect(cacheMemoryWarning(100_000, 0, machine)).toBeUndefined();
    expect(cacheMemoryWarning(100_000, 2 ** 64, machine)).toBeUndefined();
    expect(cacheMemoryWarning(100_000, machine, machine)).toBeUndefined();
  });

  it('says nothing when the cache fits the limit: the defaults in the compose stack (2,500 in 1,536 MiB)', () => {
    expect(cacheMemoryWarning(2_500, 1_536 * MiB, machine)).toBeUndefined();
    // 450 + 0.16 x 2,500 = 850 MiB: just fits 850, not 849.
    expect(cacheMemoryWarning(2_500, 850 * MiB, machine)).toBeUndefined();
    expect(cacheMemoryWarning(2_500, 849 * MiB, machine)).toBeDefined();
  });

  it('names the setting, what it needs, the limit, and the largest cache that fits', () => {
    const warning = cacheMemoryWarning(10_000, 1_536 * MiB, machine);
    expect(warning).toContain('WORKER_MAX_CACHED_WORKFLOWS=10000 needs about 2050 MiB');
    expect(warning).toContain('may use 1536 MiB');
    // (1,536 - 450) / 0.16 = 6,787.5
    expect(warning).toContain('at most 6787');
  });

  it('offers a cache of 0 when even the base does not fit', () => {
    expect(cacheMemoryWarning(1, 400 * MiB, machine)).toContain('at most 0');
  });
});
