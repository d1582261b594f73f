import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { Public } from '../auth/auth.decorators';
import { TemporalClientProvider } from '../infrastructure/temporal.module';

class HealthCalendarDto {
  @ApiProperty({ type: 'integer', isArray: true, example: [2027], description: 'years deadlines reached without their holiday calendar' })
  missingYears!: number[];
  @ApiProperty({ enum: ['MONDAY_TO_FRIDAY'] }) fallback!: 'MONDAY_TO_FRIDAY';
}

/** The answer of /health, ready (200) or not (503). */
export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) temporal!: 'up' | 'down';
  @ApiPropertyOptional({ type: HealthCalendarDto, description: 'a warning: the engine still works' }) calendar?: HealthCalendarDto;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientProvider,
    private readonly sla: SlaSettingsRepository,
  ) {}

  /** Liveness is answering at all; readiness is both the database and Temporal answering. */
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
