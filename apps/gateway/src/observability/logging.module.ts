import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@app/config';
import { createLogger } from '@app/config/logging';
import type { AuthUser } from '../auth/auth.types';
import { requestIdFrom, REQUEST_ID_HEADER } from '../common/request-context';
import { APP_CONFIG } from '../infrastructure/config.module';

type LoggedRequest = Request & { user?: AuthUser };

/** The route's pattern (`/api/disputes/:id`), never the URL: receipt codes and search terms stay out of the logs. */
export function routeOf(request: Pick<LoggedRequest, 'baseUrl' | 'route'>): string {
  const route = (request.route as { path?: string } | undefined)?.path;
  return route === undefined ? 'unmatched' : `${request.baseUrl ?? ''}${route}`;
}

/**
 * Structured logs through nestjs-pino: one JSON line per request (method, route pattern, status,
 * time, user id, request id; no URL, no header, no body) and every Nest log line through the
 * same pino logger, which redacts secrets and personal data by key and masks phone and ID
 * numbers in whatever remains (libs/config/src/logging.ts). The request id is the one
 * `requestContext()` took or made (X-Request-Id).
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
            pinoHttp: {
              logger: createLogger(config.logLevel, 'gateway', destination),
              genReqId: (request) =>
                (request as { id?: string }).id ?? requestIdFrom(request.headers[REQUEST_ID_HEADER]),
              customAttributeKeys: { reqId: 'requestId' },
              quietReqLogger: true,
              serializers: {
                req: (request: { id?: string; method?: string }) => ({ id: request.id, method: request.method }),
                res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
              },
              // A refused request (4xx) is the API working as it should: info, like any other; a 5xx is an error.
              customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
              customSuccessMessage: () => 'request completed',
              customErrorMessage: () => 'request failed',
              customSuccessObject: (request, response, fields) => ({
                ...fields,
                ...requestFacts(request as LoggedRequest, response as Response),
              }),
              customErrorObject: (request, response, _error, fields) => ({
                ...fields,
                ...requestFacts(request as LoggedRequest, response as Response),
              }),
            },
          }),
        }),
      ],
    };
  }
}

function requestFacts(request: LoggedRequest, response: Response) {
  return { method: request.method, route: routeOf(request), status: response.statusCode, user: request.user?.id };
}
