import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import {
  AdminAlertRepository,
  ADMIN_ALERTS_LISTED,
  type AdminAlert,
} from '@app/persistence/repositories/admin-alert.repository';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { uuidPipe } from '../common/case-action';
import { NoBodyDto } from '../common/validation';
import { AdminRoutes } from './admin-route';

export class AdminAlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['ACTIVITY_FAILING', 'ACTIVITY_REFUSED'],
    description:
      'ACTIVITY_FAILING: an activity of the case has failed `attempts` times and is still retried (the database or the network); ' +
      'ACTIVITY_REFUSED: the database refuses the record as wrong, which retrying cannot cure — the case is held until the defect is mended',
  })
  kind!: 'ACTIVITY_FAILING' | 'ACTIVITY_REFUSED';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "the case, when the workflow is a case's" })
  caseId!: string | null;
  @ApiProperty({ example: 'dispute-…' }) workflowId!: string;
  @ApiProperty({ example: 'recordCaseEvents' }) activity!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the attempt that failed last' }) attempts!: number;
  @ApiProperty({ description: 'SQLSTATE or error code and message, values quoted by PostgreSQL left out' })
  error!: string;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'the latest failure' }) lastSeenAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acknowledgedBy!: string | null;
}

export class AdminAlertListDto {
  @ApiProperty({ type: [AdminAlertDto] }) items!: AdminAlertDto[];
  @ApiProperty({ type: String, nullable: true, description: `always null: the ${ADMIN_ALERTS_LISTED} latest` })
  nextCursor!: string | null;
}

/**
 * The engine's own alerts for ADMIN: a case whose activity keeps failing or whose record the
 * database refuses (raised by the worker, apps/worker/src/activity-failure.interceptor.ts).
 */
@AdminRoutes()
@Controller('api/admin/alerts')
export class AdminAlertsController {
  constructor(private readonly alerts: AdminAlertRepository) {}

  @Get()
  @ApiOperation({
    summary: `the engine's alerts, latest failure first (the ${ADMIN_ALERTS_LISTED} latest): cases whose activity keeps failing or is refused`,
  })
  @ApiOkResponse({ type: AdminAlertListDto })
  async list(): Promise<AdminAlertListDto> {
    return { items: (await this.alerts.list()).map(toDto), nextCursor: null };
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOperation({ summary: 'acknowledge an engine alert; a later failure of the same activity raises a new one' })
  @ApiOkResponse({ type: AdminAlertDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async acknowledge(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() _body: NoBodyDto,
  ): Promise<AdminAlertDto> {
    const alert = await this.alerts.acknowledge(id, admin.id);
    if (!alert) throw ApiError.notFound(`alert ${id}`);
    return toDto(alert);
  }
}

function toDto(alert: AdminAlert): AdminAlertDto {
  return {
    id: alert.id,
    kind: alert.kind,
    caseId: alert.caseId,
    workflowId: alert.workflowId,
    activity: alert.activity,
    attempts: alert.attempts,
    error: alert.error,
    raisedAt: new Date(alert.raisedAt).toISOString(),
    lastSeenAt: new Date(alert.lastSeenAt).toISOString(),
    acknowledgedAt: alert.acknowledgedAt ? new Date(alert.acknowledgedAt).toISOString() : null,
    acknowledgedBy: alert.acknowledgedBy,
  };
}
