import { Module } from '@nestjs/common';
import { PublicCaseController } from '../public/public-case.controller';
import { PublicCaseService } from '../public/public-case.service';
import { TaskController } from '../tasks/task.controller';
import { TaskStreamService } from '../tasks/task-stream.service';
import { DisputeController } from './dispute.controller';
import { DisputeService } from './dispute.service';

/** Everything that acts on cases: the intake window, the mediators' tasks, the parties. */
@Module({
  controllers: [DisputeController, TaskController, PublicCaseController],
  providers: [DisputeService, PublicCaseService, TaskStreamService],
  exports: [DisputeService],
})
export class DisputeModule {}
