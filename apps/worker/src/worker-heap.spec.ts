import { execFileSync } from 'child_process';
import { limitHeapGrowing } from './worker-heap';

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
