import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { RequestLogMiddleware } from './request-log.middleware';

@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, RequestLogMiddleware],
  exports: [MetricsService, RequestLogMiddleware],
})
export class ObservabilityModule {}
