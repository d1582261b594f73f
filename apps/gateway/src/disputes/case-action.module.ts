import { Module } from '@nestjs/common';
import { DisputeCoreModule } from './dispute-core.module';
import { CaseActionService } from './case-action.service';

@Module({
  imports: [DisputeCoreModule],
  providers: [CaseActionService],
  exports: [CaseActionService],
})
export class CaseActionModule {}
