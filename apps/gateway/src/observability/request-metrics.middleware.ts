import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeOf } from './logging.module';
import { MetricsService } from './metrics.service';

/** Each request's latency into `http_request_duration_seconds`, by route pattern (the log line is nestjs-pino's). */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpDuration.observe(
        { method: request.method, route: routeOf(request), status: String(response.statusCode) },
        seconds,
      );
    });
    next();
  }
}
