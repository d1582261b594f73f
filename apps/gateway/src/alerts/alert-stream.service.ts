import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { filter, map, Observable, Subject } from 'rxjs';
import type { AppConfig } from '@app/config';
import { AlertReadRepository, type AlertView } from '@app/persistence/repositories/alert-read.repository';
import type { AuthUser } from '../auth/auth.types';
import { APP_CONFIG } from '../infrastructure/config.module';
import { canSeeAlert } from './alert-access';
import type { AlertViewDto } from './alert.dto';
import { toDto } from './alert.service';

export interface AlertMessage {
  type: 'alert';
  data: AlertViewDto;
}

/**
 * New alerts reach every gateway process through PostgreSQL LISTEN/NOTIFY (the alerts table's
 * trigger), and from there each connected supervisor whom they concern. The listening
 * connection is opened with the first subscriber and re-opened when it drops.
 */
@Injectable()
export class AlertStreamService implements OnApplicationShutdown {
  private readonly logger = new Logger('AlertStream');
  private readonly alerts = new Subject<AlertView>();
  private listener?: Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AlertReadRepository,
  ) {}

  async streamFor(user: AuthUser): Promise<Observable<AlertMessage>> {
    await this.listen();
    return this.alerts.pipe(
      filter((alert) => canSeeAlert(user, alert)),
      map((alert) => ({ type: 'alert' as const, data: toDto(alert) })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.alerts.complete();
    await this.listener?.end().catch(() => undefined);
  }

  private listen(): Promise<void> {
    this.connecting ??= this.connect().catch((error) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (message) => void this.publish(message.payload));
    client.on('error', (error) => {
      this.logger.warn(`alert listener lost its connection (${error.message}); reconnecting`);
      this.listener = undefined;
      this.connecting = undefined;
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query('LISTEN alerts');
    this.listener = client;
  }

  private async publish(alertId: string | undefined): Promise<void> {
    if (!alertId) return;
    const alert = await this.repository.findById(alertId);
    if (alert) this.alerts.next(alert);
  }
}
