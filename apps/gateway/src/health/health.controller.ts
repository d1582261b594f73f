import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { Public } from '../auth/auth.decorators';
import { TemporalClientProvider } from '../infrastructure/temporal.module';

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
    description:
      '{status: "ok", database: "up", temporal: "up"}, and `calendar: {missingYears, fallback: "MONDAY_TO_FRIDAY"}` while deadlines ' +
      'were computed into a year whose holiday calendar is not loaded (a warning: the engine still works)',
  })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down; the body says which' })
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
