import * as v8 from 'v8';

/**
 * How far the worker's V8 heaps may grow between collections (WORKER_HEAP_GROWING_PERCENT).
 *
 * Left to itself V8 sets the next collection's threshold at up to four times what the last one
 * kept. A worker that opens and evicts cases without pause then peaked at 1,088 MiB at a cache of
 * 2,500 in the escalation bench; with the factor fixed at 1.3 the same scenario peaked at
 * 837–866 MiB in three runs, with no more CPU per alert (docs/benchmarks.md, "Issue 16, fourth
 * pass").
 *
 * Must run before the worker is created: the SDK runs workflow code in a worker thread, a V8
 * isolate of its own that takes the process's flags when it starts (checked: a thread's heap
 * grew alike with the flag set here and on the command line). The main thread's heap is subject
 * to the same flag; its share was not measured apart. 0 leaves V8's own factor.
 */
export function limitHeapGrowing(
  percent: number,
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): string | undefined {
  if (percent <= 0) return undefined;
  const flag = `--heap-growing-percent=${Math.round(percent)}`;
  setFlags(flag);
  return flag;
}
