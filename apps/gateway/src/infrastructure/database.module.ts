import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { dataSourceOptions, poolLimitsOf } from '@app/persistence/data-source';
import { AdminAlertRepository } from '@app/persistence/repositories/admin-alert.repository';
import { AssistanceReadRepository } from '@app/persistence/repositories/assistance-read.repository';
import { AlertReadRepository } from '@app/persistence/repositories/alert-read.repository';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import { IdempotencyRepository } from '@app/persistence/repositories/idempotency.repository';
import { IntakeRepository } from '@app/persistence/repositories/intake.repository';
import { ReceiptMissRepository } from '@app/persistence/repositories/receipt-miss.repository';
import { RoutingRulesRepository } from '@app/persistence/repositories/routing-rules.repository';
import { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserAdminRepository } from '@app/persistence/repositories/user-admin.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { APP_CONFIG } from './config.module';

const repositories = [
  AdminAlertRepository,
  CaseReadRepository,
  CaseEventRepository,
  UserRepository,
  TerritoryRepository,
  IntakeRepository,
  ReceiptMissRepository,
  IdempotencyRepository,
  AlertReadRepository,
  AssistanceReadRepository,
  TaskReadRepository,
  StatsRepository,
  RoutingRulesRepository,
  SlaSettingsRepository,
  UserAdminRepository,
  StreamTicketRepository,
  SignInRepository,
].map((repository) => ({
  provide: repository,
  useFactory: (dataSource: DataSource) => new repository(dataSource),
  inject: [DataSource],
}));

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
        return dataSourceOptions(config.databaseUrl, 10, poolLimitsOf(config));
      },
    }),
  ],
  providers: repositories,
  exports: repositories,
})
export class DatabaseModule {}
