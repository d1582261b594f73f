import { Module } from '@nestjs/common';
import { DisputeCoreModule } from '../disputes/dispute-core.module';
import { AssistanceTaskController, CaseAssistanceController } from './assistance.controller';
import { AssistanceService } from './assistance.service';

/** Joint handling (协办): /api/disputes/{id}/assistance and /api/tasks/assistance (docs/joint-handling.md). */
@Module({
  imports: [DisputeCoreModule],
  controllers: [CaseAssistanceController, AssistanceTaskController],
  providers: [AssistanceService],
})
export class AssistanceModule {}
