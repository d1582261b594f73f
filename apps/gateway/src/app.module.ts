import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@app/config';
import { AdminModule } from './admin/admin.module';
import { AlertModule } from './alerts/alert.module';
import { AssistanceModule } from './assistance/assistance.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BriefingModule } from './briefings/briefing.module';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { LiveStreamsModule } from './common/live-stream-registry';
import { IdempotencyPurge } from './common/idempotency-purge.service';
import { DesksModule } from './desks/desks.module';
import { DisputeModule } from './disputes/dispute.module';
import { HealthModule } from './health/health.module';
import { KeyPersonModule } from './key-persons/key-person.module';
import { ConfigModule } from './infrastructure/config.module';
import { DatabaseModule } from './infrastructure/database.module';
import { TemporalModule } from './infrastructure/temporal.module';
import { NotificationsModule } from './infrastructure/notifications.module';
import { MetaModule } from './meta/meta.module';
import { PublicCaseModule } from './public/public-case.module';
import { ObservabilityModule } from './observability/observability.module';
import { LoggingModule } from './observability/logging.module';
import { RequestMetricsMiddleware } from './observability/request-metrics.middleware';
import { ScreeningDriveModule } from './screening-drives/screening-drive.module';
import { StatsModule } from './stats/stats.module';
import { TaskModule } from './tasks/task.module';

@Module({})
export class AppModule implements NestModule {
  /** `logDestination`: where the logs go instead of standard output (tests read them). */
  static forConfig(config?: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule.forRoot(logDestination),
        DatabaseModule,
        TemporalModule,
        NotificationsModule,
        ObservabilityModule,
        AuditModule,
        LiveStreamsModule,
        AuthModule,
        KeyPersonModule,
        DisputeModule,
        TaskModule,
        AssistanceModule,
        PublicCaseModule,
        AlertModule,
        ScreeningDriveModule,
        StatsModule,
        BriefingModule,
        AdminModule,
        MetaModule,
        HealthModule,
        // Last: the desks' catch-all for deep links comes after every API route.
        DesksModule.forRoot(),
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }, IdempotencyPurge],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware).forRoutes('*');
  }
}
