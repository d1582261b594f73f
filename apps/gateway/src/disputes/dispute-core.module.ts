import { Module } from '@nestjs/common';
import { CaseViewService } from './case-view.service';
import { DisputeWorkflowClient } from './dispute-workflow.client';

/** What intake, case actions, case queries, tasks and the parties' routes share: the workflow call and the case view. */
@Module({
  providers: [DisputeWorkflowClient, CaseViewService],
  exports: [DisputeWorkflowClient, CaseViewService],
})
export class DisputeCoreModule {}
