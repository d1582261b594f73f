import { Module } from '@nestjs/common';
import { DisputeCoreModule } from './dispute-core.module';
import { IntakeService } from './intake.service';

@Module({
  imports: [DisputeCoreModule],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
