import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { AuthModule } from './auth/auth.module';
import { DisputeModule } from './disputes/dispute.module';
import { HealthController } from './health/health.controller';
import { ConfigModule } from './infrastructure/config.module';
import { DatabaseModule } from './infrastructure/database.module';
import { TemporalModule } from './infrastructure/temporal.module';

@Module({})
export class AppModule {
  static forConfig(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forConfig(config), DatabaseModule, TemporalModule, AuthModule, DisputeModule],
      controllers: [HealthController],
    };
  }
}
