import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { OPENAPI_VERSION } from './openapi-document.builder';
import type { OpenApiDocument } from './openapi.types';

const DESCRIPTION = [
  'The Plinth API. Fixed endpoints (object definitions, health, this document) plus, for every',
  'object of your organization, its record API under `/api/objects/{object}` in react-admin’s',
  'simple REST dialect. The document is generated from the object definitions at request time,',
  'so it always matches the server; send `X-Organization-Id` to get your organization’s.',
].join(' ');

/**
 * The fixed part of the document, from the `@nestjs/swagger` decorators of the hand-written
 * controllers (docs/architecture.md): a controller method's name is its operationId.
 */
export function createFixedOpenApiDocument(app: INestApplication): OpenApiDocument {
  const config = new DocumentBuilder()
    .setOpenAPIVersion(OPENAPI_VERSION)
    .setTitle('Plinth API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  return JSON.parse(JSON.stringify(document)) as OpenApiDocument;
}
