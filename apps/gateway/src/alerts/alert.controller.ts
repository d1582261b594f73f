import { Body, Controller, HttpCode, Param, Post, Sse, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { from, Observable, switchMap } from 'rxjs';
import { AllowTokenInQuery, CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { NoBodyDto } from '../common/validation';
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
  ) {}

  @Get()
  @ApiOperation({ summary: 'warnings and escalations visible to me' })
  @ApiOkResponse({ type: AlertListDto })
  list(@CurrentUser() user: AuthUser, @Query() query: AlertListQueryDto): Promise<AlertListDto> {
    return this.alerts.list(user, query);
  }

  @Sse('stream')
  @AllowTokenInQuery()
  @ApiOperation({ summary: 'Server-Sent Events: `event: alert`, data = the alert, for each new alert that concerns me' })
  live(@CurrentUser() user: AuthUser): Observable<AlertMessage> {
    return from(this.stream.streamFor(user)).pipe(switchMap((alerts) => alerts));
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
