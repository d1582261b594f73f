import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { TemporalClientProvider } from '../infrastructure/temporal.module';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientProvider,
  ) {}

  /** Liveness is answering at all; readiness is both the database and Temporal answering. */
  @Public()
  @Get()
  @ApiOkResponse({ description: '{status: "ok", database: "up", temporal: "up"}' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down; the body says which' })
  async health(@Res() response: Response): Promise<void> {
    const [database, temporal] = await Promise.all([this.databaseUp(), this.temporal.healthy()]);
    const ready = database && temporal;
    response.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ok' : 'degraded',
      database: database ? 'up' : 'down',
      temporal: temporal ? 'up' : 'down',
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
