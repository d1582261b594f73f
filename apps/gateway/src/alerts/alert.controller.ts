import { Body, Controller, Get, HttpCode, Param, Post, Query, Sse, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { from, Observable, switchMap } from 'rxjs';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { AllowStreamTicket, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { StreamRequestGuard, LastEventIdHeader, resumeAfter, StreamQueryDto, StreamTicketDto, withHeartbeat } from '../common/live-stream';
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
  @ApiOperation({ summary: 'a one-use ticket (valid 60 s) to open the alert stream from a browser: GET /api/alerts/stream?ticket=' })
  @ApiOkResponse({ type: StreamTicketDto })
  async ticket(@CurrentUser() user: AuthUser, @Body() _body: NoBodyDto): Promise<StreamTicketDto> {
    const { ticket, expiresAt } = await this.tickets.issue(user);
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  @Sse('stream')
  @ApiStreamEvents('alert', 'ping')
  @AllowStreamTicket()
  @UseGuards(StreamRequestGuard)
  @ApiOperation({
    summary:
      'Server-Sent Events: `event: alert`, `id:` the alert\'s stream position, data = the alert, for each new alert that concerns me; ' +
      'with Last-Event-ID (header, or ?lastEventId=) every alert since that one first; `event: ping` every 25 s',
  })
  live(@CurrentUser() user: AuthUser, @Query() query: StreamQueryDto, @LastEventIdHeader() lastEventId?: number): Observable<AlertMessage | { type: 'ping' }> {
    const after = resumeAfter(lastEventId, query);
    return withHeartbeat(from(this.stream.streamFor(user, after)).pipe(switchMap((alerts) => alerts)));
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'acknowledge an alert (by a person; an unacknowledged alert stays visible)' })
  @ApiOkResponse({ type: AlertViewDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: not an alert of yours' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  acknowledge(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() _body: NoBodyDto): Promise<AlertViewDto> {
    return this.alerts.acknowledge(user, id);
  }
}
