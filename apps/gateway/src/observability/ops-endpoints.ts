import type { INestApplication } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { NextFunction, Request, Response } from 'express';
import * as http from 'http';
import type { AppConfig } from '@app/config';
import { Roles } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';

/** What is for operators, not for the desks: the metrics and the OpenAPI document and its UI. */
export const OPS_PATHS = ['/metrics', '/docs', '/docs-json', '/docs-yaml'];

const FROM_OPS_PORT = Symbol('ops-port');

/** Whether a URL's path is one of OPS_PATHS (or under /docs/, the UI's assets). Pure. */
export function isOpsPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return OPS_PATHS.includes(path) || path.startsWith('/docs/');
}

/** The route the AuthGuard is asked about: ADMIN only. */
@Roles('ADMIN')
class OperatorRoute {
  handle(): void {}
}

/**
 * In production the operators' paths answer an ADMIN bearer token only, on the main port: the
 * same AuthGuard as every API route decides (token, sign-out, active account, role), and its
 * refusal is the API's 401 or 403. Requests that came in through OPS_PORT pass.
 */
export function adminOnlyOpsPaths(app: INestApplication) {
  const guard = app.get(AuthGuard);
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    if ((request as unknown as Record<symbol, boolean>)[FROM_OPS_PORT]) return next();
    try {
      const context = new ExecutionContextHost(
        [request, response, next],
        OperatorRoute,
        OperatorRoute.prototype.handle,
      );
      context.setType('http');
      await guard.canActivate(context);
      next();
    } catch (error) {
      if (!(error instanceof HttpException)) return next(error);
      response.status(error.getStatus()).json(error.getResponse());
    }
  };
}

/**
 * OPS_PORT: a second listener on HOST that serves the operators' paths (and nothing else) to
 * whoever reaches it, for Prometheus and operators on an internal network. It hands the request
 * to the gateway's own express app, so /metrics and /docs are exactly those of the main port.
 * Closed with the main server.
 */
export function startOpsServer(
  app: INestApplication,
  config: Pick<AppConfig, 'opsPort' | 'host'>,
): http.Server | undefined {
  if (config.opsPort === undefined) return undefined;
  const handler = app.getHttpAdapter().getInstance() as (
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) => void;
  const server = http.createServer((request, response) => {
    if (!isOpsPath(request.url)) {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({
          statusCode: 404,
          error: 'Not Found',
          code: 'NOT_FOUND',
          message: 'this port serves /metrics, /docs and /docs-json only',
        }),
      );
      return;
    }
    (request as unknown as Record<symbol, boolean>)[FROM_OPS_PORT] = true;
    handler(request, response);
  });
  server.listen(config.opsPort, config.host);
  app.getHttpServer().once('close', () => server.close());
  return server;
}
