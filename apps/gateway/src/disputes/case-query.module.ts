import { Module } from '@nestjs/common';
import { DisputeCoreModule } from './dispute-core.module';
import { CaseQueryService } from './case-query.service';

@Module({
  imports: [DisputeCoreModule],
  providers: [CaseQueryService],
  exports: [CaseQueryService],
})
export class CaseQueryModule {}
