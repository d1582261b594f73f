import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { Public } from '../auth/auth.decorators';
import { TemporalClientProvider } from '../infrastructure/temporal.module';

class HealthCalendarDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    example: [2027],
    description: 'years deadlines reached without their holiday calendar',
  })
  missingYears!: number[];
  @ApiProperty({ enum: ['MONDAY_TO_FRIDAY'] }) fallback!: 'MONDAY_TO_FRIDAY';
}

/** The answer of /health, ready (200) or not (503). */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) temporal!: 'up' | 'down';
  @ApiPropertyOptional({ type: HealthCalendarDto, description: 'a warning: the engine still works' })
  calendar?: HealthCalendarDto;
}

/** One dependency's state in a probe's answer (@nestjs/terminus). */
class ProbeStatusDto {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ description: 'why it is down' }) message?: string;
}

/** The answer of /health/live and /health/ready, as @nestjs/terminus gives it. */
export class ProbeDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProbeStatusDto' },
    description: 'what is up',
  })
  info?: Record<string, ProbeStatusDto>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProbeStatusDto' },
    description: 'what is down',
  })
  error?: Record<string, ProbeStatusDto>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProbeStatusDto' },
    description: 'every check',
  })
  details!: Record<string, ProbeStatusDto>;
}

/**
 * A probe's entries as documented (`status`, and `message` when down): @nestjs/terminus 12 adds
 * `responseTime` (milliseconds) to what its indicators answer, which the probes do not publish.
 */
function withoutResponseTime(result: HealthIndicatorResult): HealthIndicatorResult {
  return Object.fromEntries(
    Object.entries(result).map(([key, { responseTime: _responseTime, ...entry }]) => [key, entry]),
  ) as HealthIndicatorResult;
}

/** How long a readiness probe waits for each dependency. */
const PROBE_TIMEOUT_MS = 2000;

@ApiTags('operations')
@ApiExtraModels(ProbeStatusDto)
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientProvider,
    private readonly sla: SlaSettingsRepository,
    private readonly probes: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** Liveness: the process answers (no dependency asked), for a supervisor deciding whether to restart it. */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'liveness: the gateway process answers; asks no dependency' })
  @ApiOkResponse({ type: ProbeDto, description: '{status: "ok", info: {}, error: {}, details: {}}' })
  live(): Promise<HealthCheckResult> {
    return this.probes.check([]);
  }

  /** Readiness: PostgreSQL and Temporal both answer, for a balancer deciding whether to send traffic. */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'readiness: PostgreSQL and Temporal both answer (each within 2 s)' })
  @ApiOkResponse({
    type: ProbeDto,
    description: '{status: "ok", details: {database: {status: "up"}, temporal: {status: "up"}}}',
  })
  @ApiServiceUnavailableResponse({
    type: ProbeDto,
    description: 'a dependency is down: `status: "error"`, `error` names it',
  })
  async ready(@Res() response: Response): Promise<void> {
    try {
      response.status(HttpStatus.OK).json(
        await this.probes.check([
          async () => withoutResponseTime(await this.database.pingCheck('database', { timeout: PROBE_TIMEOUT_MS })),
          async () => {
            const temporal = this.indicators.check('temporal');
            return (await this.temporal.healthy())
              ? temporal.up()
              : temporal.down('the Temporal frontend does not answer');
          },
        ]),
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(error.getResponse());
    }
  }

  /**
   * Both in one, as before the split (the image's HEALTHCHECK, the proxy and `npm start` ask it):
   * 200 when the database and Temporal answer, 503 naming which does not, and the calendar warning.
   */
  @Public()
  @Get()
  @ApiOkResponse({
    type: HealthDto,
    description:
      '{status: "ok", database: "up", temporal: "up"}, and `calendar: {missingYears, fallback: "MONDAY_TO_FRIDAY"}` while deadlines ' +
      'were computed into a year whose holiday calendar is not loaded (a warning: the engine still works)',
  })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'a dependency is down; the body says which' })
  async health(@Res() response: Response): Promise<void> {
    const [database, temporal] = await Promise.all([this.databaseUp(), this.temporal.healthy()]);
    const ready = database && temporal;
    const gaps = database ? await this.sla.calendarGaps().catch(() => []) : [];
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ok' : 'degraded',
      database: database ? 'up' : 'down',
      temporal: temporal ? 'up' : 'down',
      ...(gaps.length > 0 && { calendar: { missingYears: gaps.map((g) => g.year), fallback: 'MONDAY_TO_FRIDAY' } }),
    });
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
