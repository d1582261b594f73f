import { Controller, Get, Header } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({
    description: 'Prometheus text format: request latency, cases by stage, alerts raised, workflow call latency',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  // Open outside production and on OPS_PORT; with NODE_ENV=production the main port asks for ADMIN (ops-endpoints.ts).
  @ApiUnauthorizedResponse({
    description: 'UNAUTHORIZED: with NODE_ENV=production, on the main port, without a valid bearer token',
  })
  @ApiForbiddenResponse({
    description: 'FORBIDDEN: with NODE_ENV=production, on the main port, a token without the ADMIN role',
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
