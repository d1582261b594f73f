import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthUser } from '../auth/auth.types';
import { MetricsService } from './metrics.service';

/**
 * One structured line per request. It names the route pattern, never the URL or the body:
 * receipt codes, search terms and party data stay out of the logs.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('http');

  constructor(private readonly metrics: MetricsService) {}

  use(request: Request & { user?: AuthUser }, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const baseRoute = `${request.baseUrl ?? ''}${route}`;
      this.metrics.httpDuration.observe({ method: request.method, route: baseRoute, status: String(response.statusCode) }, seconds);
      this.logger.log(
        JSON.stringify({
          method: request.method,
          route: baseRoute,
          status: response.statusCode,
          ms: Math.round(seconds * 1000),
          user: request.user?.id,
        }),
      );
    });
    next();
  }
}
