import { Module } from '@nestjs/common';
import { DisputeCoreModule } from '../disputes/dispute-core.module';
import { PublicCaseController } from './public-case.controller';
import { PublicCaseService } from './public-case.service';

/** The parties' routes, by receipt code: /api/public/cases. */
@Module({
  imports: [DisputeCoreModule],
  controllers: [PublicCaseController],
  providers: [PublicCaseService],
})
export class PublicCaseModule {}
