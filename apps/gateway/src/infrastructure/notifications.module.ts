import { Global, Module } from '@nestjs/common';
import { PgNotificationsService } from './pg-notifications.service';

/** The gateway's one LISTEN connection, shared by the live streams of alerts and tasks. */
@Global()
@Module({ providers: [PgNotificationsService], exports: [PgNotificationsService] })
export class NotificationsModule {}
