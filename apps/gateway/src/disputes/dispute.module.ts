import { Module } from '@nestjs/common';
import { CaseActionModule } from './case-action.module';
import { CaseQueryModule } from './case-query.module';
import { DisputeController } from './dispute.controller';
import { IntakeModule } from './intake.module';

/**
 * /api/disputes: one controller over three services, intake (intake.service.ts), case queries
 * (case-query.service.ts) and case actions (case-action.service.ts). The task desk and the
 * parties' routes are modules of their own (tasks/, public/).
 */
@Module({
  imports: [IntakeModule, CaseQueryModule, CaseActionModule],
  controllers: [DisputeController],
})
export class DisputeModule {}
