import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Sse, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { from, Observable, switchMap } from 'rxjs';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { AllowStreamTicket, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import {
  StreamRequestGuard,
  LastEventIdHeader,
  resumeAfter,
  StreamQueryDto,
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
import { AlertListDto, AlertListQueryDto, AlertViewDto } from './alert.dto';
import { AlertService } from './alert.service';
import { AlertMessage, AlertStreamService } from './alert-stream.service';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('SUPERVISOR', 'MEDIATOR')
@Controller('api/alerts')
export class AlertController {
  constructor(
    private readonly alerts: AlertService,
    private readonly stream: AlertStreamService,
    private readonly tickets: StreamTicketRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'warnings and escalations visible to me' })
  @ApiOkResponse({ type: AlertListDto })
  list(@CurrentUser() user: AuthUser, @Query() query: AlertListQueryDto): Promise<AlertListDto> {
    return this.alerts.list(user, query);
  }

  @Post('stream-ticket')
  @HttpCode(200)
  @ApiOperation({
    summary: 'a one-use ticket (valid 60 s) to open the alert stream from a browser: GET /api/alerts/stream?ticket=',
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
  @ApiStreamEvents('alert', 'ping', 'end')
  @AllowStreamTicket()
  @UseGuards(StreamRequestGuard, StreamSlotGuard)
  @ApiTooManyRequestsResponse({ description: STREAM_LIMIT_REFUSAL })
  @ApiOperation({
    summary:
      "Server-Sent Events: `event: alert`, `id:` the alert's stream position, data = the alert, for each new alert that concerns me; " +
      'with Last-Event-ID (header, or ?lastEventId=) every alert since that one first; `event: ping` every 25 s; ' +
      '`event: end` (data `{reason}`) as the last event when the gateway ends the stream (SHUTDOWN, TOKEN_EXPIRED, SIGNED_OUT, ACCOUNT_INACTIVE)',
  })
  live(
    @CurrentUser() user: AuthUser,
    @Query() query: StreamQueryDto,
    @Req() request: Parameters<typeof liveStreamOf>[0],
    @LastEventIdHeader() lastEventId?: number,
  ): Observable<AlertMessage | { type: 'ping' } | StreamEndMessage> {
    const after = resumeAfter(lastEventId, query);
    return liveStreamOf(request).wrap(
      withHeartbeat(from(this.stream.streamFor(user, after)).pipe(switchMap((alerts) => alerts))),
    );
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'acknowledge an alert (by a person; an unacknowledged alert stays visible)' })
  @ApiOkResponse({ type: AlertViewDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an alert of yours' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() _body: NoBodyDto,
  ): Promise<AlertViewDto> {
    return this.alerts.acknowledge(user, id);
  }
}
