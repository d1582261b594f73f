import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { claimTaskUpdate, releaseTaskUpdate } from '@app/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CaseAction, uuidPipe } from '../common/case-action';
import { NoBodyDto } from '../common/validation';
import { TaskListDto, TaskListQueryDto } from '../disputes/dispute.dto';
import { DisputeService } from '../disputes/dispute.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TaskController {
  constructor(private readonly disputes: DisputeService) {}

  @Get()
  @Roles('MEDIATOR')
  @ApiOperation({ summary: 'open tasks in my pools (scope=pool) or assigned to me (scope=mine), with stage, deadline, overdue' })
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentUser() user: AuthUser, @Query() query: TaskListQueryDto): Promise<TaskListDto> {
    return this.disputes.taskList(user, query);
  }

  @Post(':caseId/claim')
  @CaseAction('claimTask', 'take the task from your pool; a second claimer gets 409 ALREADY_CLAIMED')
  claim(@CurrentUser() user: AuthUser, @Param('caseId', uuidPipe('caseId')) caseId: string, @Body() _body: NoBodyDto) {
    return this.disputes.act(user, caseId, 'claimTask', claimTaskUpdate, {});
  }

  @Post(':caseId/release')
  @CaseAction('releaseTask', 'give the task back to the pool (its clock keeps running)')
  release(@CurrentUser() user: AuthUser, @Param('caseId', uuidPipe('caseId')) caseId: string, @Body() _body: NoBodyDto) {
    return this.disputes.act(user, caseId, 'releaseTask', releaseTaskUpdate, {});
  }
}
