import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { IdempotencyRepository } from '@app/persistence/repositories/idempotency.repository';
import { APP_CONFIG } from '../infrastructure/config.module';

/**
 * Deletes the stored Idempotency-Key answers older than 24 hours every
 * IDEMPOTENCY_PURGE_INTERVAL_MS (and once at start). Every gateway runs it; a PostgreSQL advisory
 * lock lets only one of them purge at a time, the others skip that round.
 */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyPurge');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.config.idempotencyPurgeIntervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; never throws (a database outage only skips it). */
  runOnce(): Promise<void> {
    this.running ??= this.keys
      .purgeExpired()
      .then((deleted) => {
        if (deleted) this.logger.log(`purged ${deleted} Idempotency-Key answers older than 24 hours`);
      })
      .catch((error: unknown) =>
        this.logger.warn(`purge skipped: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
