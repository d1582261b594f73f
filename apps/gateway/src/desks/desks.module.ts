import { existsSync } from 'fs';
import * as path from 'path';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';

/**
 * The desks (apps/desks, built by `npm run build` into dist/desks) served at `/`. A deep link
 * (`/counter`, `/p/ABCD2345`) answers the app's index.html; the gateway's own paths never do,
 * so an unknown `/api/...` path keeps the API's JSON 404.
 */
export const GATEWAY_OWN_PATHS = [
  '/api{/*rest}',
  '/docs{/*rest}',
  '/docs-json{/*rest}',
  '/health{/*rest}',
  '/metrics{/*rest}',
];

/**
 * The build of the desks, from the gateway's src folder: `<dist>/desks` beside the compiled
 * gateway (`<dist>/apps/gateway/src`), `<root>/dist/desks` from the sources (tests).
 */
export function desksRoot(gatewaySrc = path.resolve(__dirname, '..')): string | undefined {
  const up = path.resolve(gatewaySrc, '../../..');
  return [path.join(up, 'desks'), path.join(up, 'dist', 'desks')].find((dir) =>
    existsSync(path.join(dir, 'index.html')),
  );
}

/** Hashed assets never change under their name; index.html must be asked for again each time. */
function cacheHeaders(response: Response, file: string): void {
  const hashed = file.includes(`${path.sep}assets${path.sep}`);
  response.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

@Module({})
export class DesksModule {
  static forRoot(rootPath = desksRoot()): DynamicModule {
    if (!rootPath) {
      new Logger('DesksModule').warn(
        'no desks build found (dist/desks): run `npm run build`; / answers 404 until then',
      );
      return { module: DesksModule };
    }
    return {
      module: DesksModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: GATEWAY_OWN_PATHS,
          serveStaticOptions: { index: false, setHeaders: cacheHeaders },
        }),
      ],
    };
  }
}
