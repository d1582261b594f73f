import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Observable, Subject, filter, map } from 'rxjs';
import type { AppConfig } from '@app/config';
import { APP_CONFIG } from './config.module';

/** The channels the database announces on (their triggers are in the migrations). */
export type NotificationChannel = 'alerts' | 'tasks';
const CHANNELS: NotificationChannel[] = ['alerts', 'tasks'];

/** A notification, or `reconnected`: the listener was away and anything in the gap was not heard. */
export type Notice = { channel: NotificationChannel; payload: string } | { channel: 'reconnected' };

const BACKOFF_MS = { first: 500, max: 15_000 };

/**
 * One LISTEN connection per gateway process for every live stream. When it drops (PostgreSQL
 * restarted, network), it reconnects with backoff, and announces `reconnected` so that each
 * stream catches up on what was stored meanwhile.
 */
@Injectable()
export class PgNotificationsService implements OnApplicationShutdown {
  private readonly logger = new Logger('PgNotifications');
  private readonly notices = new Subject<Notice>();
  private listener?: Client;
  private connecting?: Promise<void>;
  private closed = false;
  private failures = 0;
  private retry?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Notifications of `channel` (payloads) and the reconnections; listening starts with the first call. */
  async on(channel: NotificationChannel): Promise<Observable<{ payload: string } | { reconnected: true }>> {
    await this.listen();
    return this.notices.pipe(
      filter((notice) => notice.channel === channel || notice.channel === 'reconnected'),
      map((notice) => ('payload' in notice ? { payload: notice.payload } : { reconnected: true as const })),
    );
  }

  get listening(): boolean {
    return this.listener !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.notices.complete();
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
    client.on('notification', (message) => {
      if (message.payload !== undefined && CHANNELS.includes(message.channel as NotificationChannel)) {
        this.notices.next({ channel: message.channel as NotificationChannel, payload: message.payload });
      }
    });
    const lost = (reason: string) => {
      // Only the connection in use counts; a failed attempt to connect is retried by its caller.
      if (this.listener !== client) return;
      this.listener = undefined;
      this.connecting = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(`notification listener lost its connection (${reason}); reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
    this.failures = 0;
  }

  private scheduleReconnect(): void {
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.failures);
    this.failures += 1;
    this.retry = setTimeout(() => {
      this.listen().then(
        () => {
          this.logger.log('notification listener reconnected');
          this.notices.next({ channel: 'reconnected' });
        },
        () => this.scheduleReconnect(),
      );
    }, delay);
    this.retry.unref();
  }
}
