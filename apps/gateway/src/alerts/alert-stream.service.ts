import { Injectable, Logger } from '@nestjs/common';
import { Observable } from 'rxjs';
import { AlertReadRepository, type AlertView } from '@app/persistence/repositories/alert-read.repository';
import type { AuthUser } from '../auth/auth.types';
import { PgNotificationsService } from '../infrastructure/pg-notifications.service';
import { canSeeAlert } from './alert-access';
import type { AlertViewDto } from './alert.dto';
import { toDto } from './alert.service';

export interface AlertMessage {
  type: 'alert';
  /** The alert's stream position: what a reconnecting client sends back as Last-Event-ID. */
  id: string;
  data: AlertViewDto;
}

const BATCH = 200;
/** A position skipped by a later commit is looked for again this long, then given up (a rolled-back insert). */
const PENDING_MS = 60_000;
const MAX_GAP = 1000;

/**
 * A supervisor's live alerts. Every stream reads the alerts table itself, from the last
 * position it sent: a notification (any gateway's, through PostgreSQL) or a reconnection of the
 * listener only tells it to read again. So an alert raised while the listener was away, or
 * while the client was, is sent when either comes back, and none is sent twice.
 */
@Injectable()
export class AlertStreamService {
  private readonly logger = new Logger('AlertStream');

  constructor(
    private readonly repository: AlertReadRepository,
    private readonly notifications: PgNotificationsService,
  ) {}

  /** From `after` (a Last-Event-ID) on, or from now when there is none. */
  async streamFor(user: AuthUser, after?: number): Promise<Observable<AlertMessage>> {
    const notices = await this.notifications.on('alerts');
    const start = after ?? (await this.repository.lastPosition());
    return new Observable<AlertMessage>((subscriber) => {
      const cursor = new StreamCursor(start);
      let reading = false;
      let again = false;
      const read = async () => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            for (;;) {
              const batch = await this.repository.since(cursor.position, cursor.pending(), BATCH);
              for (const alert of cursor.take(batch)) {
                if (canSeeAlert(user, alert))
                  subscriber.next({ type: 'alert', id: String(alert.streamPosition), data: toDto(alert) });
              }
              if (batch.length < BATCH) break;
            }
          } while (again && !subscriber.closed);
        } catch (error) {
          this.logger.warn(
            `reading alerts for a stream failed (${(error as Error).message}); read again on the next notice`,
          );
        } finally {
          reading = false;
        }
      };
      const subscription = notices.subscribe(() => void read());
      // Whatever was stored after `after` while the client was away.
      if (after !== undefined) void read();
      return () => subscription.unsubscribe();
    });
  }
}

/**
 * Where a stream stands: the highest position sent, and the lower positions it has not seen yet
 * (a sequence number is taken at insert, so a slow transaction can commit after a later one was read).
 */
export class StreamCursor {
  private readonly missing = new Map<number, number>();

  constructor(public position: number) {}

  pending(now = Date.now()): number[] {
    for (const [position, since] of this.missing) if (now - since > PENDING_MS) this.missing.delete(position);
    return [...this.missing.keys()];
  }

  /** The alerts of `batch` not taken before, in order; moves the position and notes the gaps. */
  take<T extends Pick<AlertView, 'streamPosition'>>(batch: T[], now = Date.now()): T[] {
    const fresh = batch.filter(
      (alert) => alert.streamPosition > this.position || this.missing.has(alert.streamPosition),
    );
    for (const alert of fresh) {
      if (this.missing.delete(alert.streamPosition)) continue;
      // A wide jump is no transaction in flight (a rebuild renumbered the alerts): nothing to wait for.
      if (alert.streamPosition - this.position <= MAX_GAP) {
        for (let gap = this.position + 1; gap < alert.streamPosition; gap += 1) this.missing.set(gap, now);
      }
      this.position = alert.streamPosition;
    }
    return fresh;
  }
}
