import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { bodyParserErrorBody, HttpExceptionFilter } from './common/http-exception.filter';
import { requestContext } from './common/request-context';
import { routeMethods } from './common/route-methods';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { adminOnlyOpsPaths, OPS_PATHS, startOpsServer } from './observability/ops-endpoints';
import { buildOpenApiDocument } from './openapi/openapi-document';

export interface GatewayOptions {
  /** Where the logs go instead of standard output (tests read them). */
  logDestination?: DestinationStream;
}

/** The gateway as main.ts runs it and as the end-to-end tests drive it. */
export async function createGateway(config: AppConfig, options: GatewayOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, options.logDestination), {
    // Held until the pino logger takes over, so even start-up lines are structured and redacted.
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const express = app.getHttpAdapter().getInstance();
  // Behind a reverse proxy: its X-Forwarded-For names the client (TRUST_PROXY); otherwise the socket does.
  if (config.trustProxy !== undefined) express.set('trust proxy', config.trustProxy);
  // First: the request id (X-Request-Id) and the client's address, for the logs, the audit trail and Temporal.
  express.use(requestContext());
  express.use(securityHeaders());
  // 256 KiB is far above any honest report; a larger body is refused before parsing.
  app.useBodyParser('json', { limit: '256kb' });
  // Answered here, right behind the parser: the desks' static serving (DesksModule) turns any
  // error on the API's paths into a 404 before Nest's exception filter would see it.
  express.use(
    (error: unknown, _request: unknown, response: import('express').Response, next: (error: unknown) => void) => {
      const body = bodyParserErrorBody(error);
      if (body) response.status(body.statusCode).json(body);
      else next(error);
    },
  );
  express.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  const document = buildOpenApiDocument(app);
  // A path of the API with a method it does not serve answers 405 with Allow; unknown paths stay 404.
  app.useGlobalFilters(new HttpExceptionFilter(routeMethods(document)));
  app.enableShutdownHooks();

  // Production: metrics and the API's description for ADMIN only on this port (or all of them on OPS_PORT).
  if (config.nodeEnv === 'production') express.use(OPS_PATHS, adminOnlyOpsPaths(app));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  startOpsServer(app, config);
  return app;
}
