import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { from, Observable, switchMap } from 'rxjs';
import { claimTaskUpdate, releaseTaskUpdate } from '@app/contracts';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { AllowStreamTicket, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CaseAction, uuidPipe } from '../common/case-action';
import {
  StreamQueryDto,
  StreamRequestGuard,
  StreamTicketDto,
  withHeartbeat,
  STREAM_LIMIT_REFUSAL,
} from '../common/live-stream';
import {
  CurrentToken,
  liveStreamOf,
  StreamSlotGuard,
  type StreamEndMessage,
  type StreamToken,
} from '../common/live-stream-registry';
import { NoBodyDto } from '../common/validation';
import { ApiStreamEvents } from '../openapi/contract-completion';
import { ClaimConflictDto, TaskListDto, TaskListQueryDto } from '../disputes/dispute.dto';
import { TaskService } from './task.service';
import { TaskMessage, TaskStreamService } from './task-stream.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TaskController {
  constructor(
    private readonly tasks: TaskService,
    private readonly stream: TaskStreamService,
    private readonly tickets: StreamTicketRepository,
  ) {}

  @Get()
  @Roles('MEDIATOR')
  @ApiOperation({
    summary:
      'open tasks in my pools (scope=pool, unclaimed) or assigned to me (scope=mine), most urgent first, with stage, its start and deadline, overdue; scope=done: cases whose handling I completed, newest first',
  })
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentUser() user: AuthUser, @Query() query: TaskListQueryDto): Promise<TaskListDto> {
    return this.tasks.list(user, query);
  }

  @Post('stream-ticket')
  @Roles('MEDIATOR')
  @HttpCode(200)
  @ApiOperation({
    summary: 'a one-use ticket (valid 60 s) to open the task stream from a browser: GET /api/tasks/stream?ticket=',
  })
  @ApiOkResponse({ type: StreamTicketDto })
  async ticket(
    @CurrentUser() user: AuthUser,
    @CurrentToken() token: StreamToken | undefined,
    @Body() _body: NoBodyDto,
  ): Promise<StreamTicketDto> {
    const { ticket, expiresAt } = await this.tickets.issue({ ...user, token });
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  @Sse('stream')
  @ApiStreamEvents('task', 'ping', 'end')
  @Roles('MEDIATOR')
  @AllowStreamTicket()
  @UseGuards(StreamRequestGuard, StreamSlotGuard)
  @ApiTooManyRequestsResponse({ description: STREAM_LIMIT_REFUSAL })
  @ApiOperation({
    summary:
      'Server-Sent Events: `event: task` when a task of my pools, or one I hold or held, is routed, claimed, released, transferred ' +
      'or changes stage (data `{kind: "changed", caseId, stage, unitId, assigneeId}`), or `{kind: "refetch"}` when many changed ' +
      'or changes may have been missed: read the lists again; `event: ping` every 25 s; ' +
      '`event: end` (data `{reason}`) as the last event when the gateway ends the stream (SHUTDOWN, TOKEN_EXPIRED, SIGNED_OUT, ACCOUNT_INACTIVE)',
  })
  live(
    @CurrentUser() user: AuthUser,
    @Query() _query: StreamQueryDto,
    @Req() request: Parameters<typeof liveStreamOf>[0],
  ): Observable<TaskMessage | { type: 'ping' } | StreamEndMessage> {
    return liveStreamOf(request).wrap(
      withHeartbeat(from(this.stream.streamFor(user)).pipe(switchMap((changes) => changes))),
    );
  }

  @Post(':caseId/claim')
  @CaseAction(
    claimTaskUpdate,
    'take the task from your pool; a second claimer gets 409 ALREADY_CLAIMED naming who holds it',
    {
      conflict: {
        type: ClaimConflictDto,
        description:
          'ALREADY_CLAIMED: another mediator holds the task (claimedBy names them), or you do; STAGE_CONFLICT: not claimable now',
      },
    },
  )
  claim(@CurrentUser() user: AuthUser, @Param('caseId', uuidPipe('caseId')) caseId: string, @Body() _body: NoBodyDto) {
    return this.tasks.claim(user, caseId);
  }

  @Post(':caseId/release')
  @CaseAction(releaseTaskUpdate, 'give the task back to the pool (its clock keeps running)')
  release(
    @CurrentUser() user: AuthUser,
    @Param('caseId', uuidPipe('caseId')) caseId: string,
    @Body() _body: NoBodyDto,
  ) {
    return this.tasks.release(user, caseId);
  }
}
