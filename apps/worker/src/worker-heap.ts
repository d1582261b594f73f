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

/** The worker's measured memory line (README "Worker memory"): RSS ≈ base + per cached case. */
export const WORKER_BASE_MIB = 450;
export const WORKER_MIB_PER_CACHED_CASE = 0.16;

/**
 * A warning when the workflow cache needs more memory than the process may use, else undefined.
 * `limitBytes`: what the OS allows this process (`process.constrainedMemory()`: a container's or
 * cgroup's limit); undefined, 0 or at least the machine's memory (`totalBytes`) means no limit.
 * The line is an estimate from the escalation bench (docs/benchmarks.md, "Issue 16, fourth
 * pass"), so this warns and does not refuse: a worker over its limit is killed by the OS and
 * restarted (compose: restart unless-stopped), and its cases go on from their histories, but it
 * does no work while it restarts.
 */
export function cacheMemoryWarning(
  maxCachedWorkflows: number,
  limitBytes: number | undefined,
  totalBytes: number,
): string | undefined {
  if (!limitBytes || limitBytes >= totalBytes) return undefined;
  const needMiB = Math.round(WORKER_BASE_MIB + WORKER_MIB_PER_CACHED_CASE * maxCachedWorkflows);
  const limitMiB = Math.floor(limitBytes / 2 ** 20);
  if (needMiB <= limitMiB) return undefined;
  const fits = Math.max(0, Math.floor((limitMiB - WORKER_BASE_MIB) / WORKER_MIB_PER_CACHED_CASE));
  return (
    `WORKER_MAX_CACHED_WORKFLOWS=${maxCachedWorkflows} needs about ${needMiB} MiB ` +
    `(${WORKER_BASE_MIB} MiB + ${WORKER_MIB_PER_CACHED_CASE} MiB per cached case), ` +
    `but this process may use ${limitMiB} MiB (its container's or cgroup's memory limit): ` +
    `at a full cache the OS would kill it. Set the cache to at most ${fits} or raise the limit (README "Worker memory")`
  );
}
