import { workerMetricsBind, workerRuntimeOptions } from './worker-metrics';

describe('worker metrics setting (WORKER_METRICS_BIND)', () => {
  it('is off when unset or blank', () => {
    expect(workerMetricsBind({})).toBeUndefined();
    expect(workerMetricsBind({ WORKER_METRICS_BIND: '  ' })).toBeUndefined();
    expect(workerRuntimeOptions(undefined)).toBeUndefined();
  });

  it('takes host:port and asks the SDK for Prometheus names with _total and seconds', () => {
    expect(workerMetricsBind({ WORKER_METRICS_BIND: '0.0.0.0:9464' })).toBe('0.0.0.0:9464');
    expect(workerMetricsBind({ WORKER_METRICS_BIND: '[::]:9464' })).toBe('[::]:9464');
    expect(workerRuntimeOptions('127.0.0.1:9464')).toEqual({
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: '127.0.0.1:9464',
            countersTotalSuffix: true,
            unitSuffix: true,
            useSecondsForDurations: true,
          },
        },
      },
    });
  });

  it.each(['9464', '0.0.0.0', 'http://0.0.0.0:9464', '0.0.0.0:99999', 'a b:1'])(
    'refuses %s naming the variable',
    (value) => {
      expect(() => workerMetricsBind({ WORKER_METRICS_BIND: value })).toThrow(/WORKER_METRICS_BIND must be host:port/);
    },
  );
});
