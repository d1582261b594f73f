import type { Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

/**
 * The Temporal SDK's Prometheus endpoint of the worker process (`/metrics` on WORKER_METRICS_BIND):
 * workflow task schedule-to-start latency, task slots, activity and workflow task failures, …
 * Off unless the variable is set (tests start workers without it unless a test asks). Names as
 * Prometheus writes them: counters end in `_total`, durations are in seconds with a `_seconds`
 * suffix (docker/grafana/dashboards/mediation.json uses these names).
 */
export const WORKER_METRICS_VARIABLE = 'WORKER_METRICS_BIND';

/** host:port to bind, undefined when unset; a malformed value is refused with the variable's name. */
export function workerMetricsBind(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[WORKER_METRICS_VARIABLE]?.trim();
  if (!raw) return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new Error(`${WORKER_METRICS_VARIABLE} must be host:port (for example 0.0.0.0:9464), got "${raw}"`);
  }
  return raw;
}

/** The runtime options for `Runtime.install`, or undefined (no metrics, the SDK's default runtime). */
export function workerRuntimeOptions(
  bindAddress: string | undefined,
): Parameters<typeof Runtime.install>[0] | undefined {
  if (!bindAddress) return undefined;
  return {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  };
}

/**
 * Installs the runtime with the Prometheus exporter when WORKER_METRICS_BIND is set, and with
 * `logger` for the SDK's own lines when given; returns the address.
 */
export function installWorkerMetrics(
  env: NodeJS.ProcessEnv = process.env,
  logger?: TemporalLogger,
): string | undefined {
  const bindAddress = workerMetricsBind(env);
  const options = workerRuntimeOptions(bindAddress);
  if (options || logger) Runtime.install({ ...options, ...(logger && { logger }) });
  return bindAddress;
}
