import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { OVERDUE_SQL } from '@app/persistence/repositories/case-read.repository';

/**
 * The gateway's Prometheus metrics. Case and alert counts come from the read models at scrape
 * time, so every gateway process reports the same truth; latencies are this process's own.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly workflowLatency = new Histogram({
    name: 'workflow_call_duration_seconds',
    help: 'Latency of workflow starts (registration) and updates (actions) as the gateway sees them',
    labelNames: ['kind', 'name', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(@InjectDataSource() dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'cases_by_stage',
      help: 'Cases in the read model by stage',
      labelNames: ['stage'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { stage: string; n: number }[] = await dataSource.query(
          'SELECT stage, count(*)::int AS n FROM cases GROUP BY stage',
        );
        for (const row of rows) this.set({ stage: row.stage }, row.n);
      },
    });
    new Gauge({
      name: 'cases_overdue',
      help: 'Open cases past their stage deadline, by stage (the read model, as the desks count them)',
      labelNames: ['stage'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { stage: string; n: number }[] = await dataSource.query(
          `SELECT stage, count(*)::int AS n FROM cases WHERE ${OVERDUE_SQL} GROUP BY stage`,
        );
        for (const row of rows) this.set({ stage: row.stage }, row.n);
      },
    });
    new Gauge({
      name: 'alerts_raised',
      help: 'Warnings and escalations raised so far, by kind and level',
      labelNames: ['kind', 'level'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { kind: string; level: number; n: number }[] = await dataSource.query(
          'SELECT kind, level, count(*)::int AS n FROM alerts GROUP BY kind, level',
        );
        for (const row of rows) this.set({ kind: row.kind, level: String(row.level) }, row.n);
      },
    });
  }

  /** Times a workflow call; the outcome label separates refusals from successes. */
  async timeWorkflow<T>(kind: 'start' | 'update', name: string, call: () => Promise<T>): Promise<T> {
    const end = this.workflowLatency.startTimer({ kind, name });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'refused' });
      throw error;
    }
  }
}
