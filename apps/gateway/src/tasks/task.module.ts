import { Module } from '@nestjs/common';
import { CaseActionModule } from '../disputes/case-action.module';
import { DisputeCoreModule } from '../disputes/dispute-core.module';
import { TaskController } from './task.controller';
import { TaskService } from './task.service';
import { TaskStreamService } from './task-stream.service';

/** The mediators' task desk: /api/tasks (lists, claim, release, the live stream). */
@Module({
  imports: [DisputeCoreModule, CaseActionModule],
  controllers: [TaskController],
  providers: [TaskService, TaskStreamService],
})
export class TaskModule {}
