import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@app/config';
import { AppModule } from '../app.module';
import { completeContract } from './contract-completion';
import { ApiErrorBodyDto } from './error-body.dto';

/** The OpenAPI document of the gateway: served at /docs-json and the source of the desks' API types. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dispute mediation gateway')
      .setDescription("Single-window intake, mediators' tasks, supervisors' alerts (see shared/API.md)")
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ApiErrorBodyDto] },
  );
  return completeContract(document, app);
}

/**
 * The same document without a database or Temporal: Nest's preview mode builds the module graph
 * and reads the controllers' metadata but instantiates no provider, so nothing connects.
 */
export async function openApiDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'error' });
  const app = await NestFactory.create(AppModule.forConfig(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
