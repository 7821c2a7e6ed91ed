import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HUBSPOT_TAG } from 'src/hubspot/hubspot-openapi';
import { ACCESS_METADATA } from 'src/organizations/access.decorator';
import { OPENAPI_VERSION } from './openapi-document.builder';
import type { OpenApiDocument } from './openapi.types';

const DESCRIPTION = [
  'The Plinth API. Fixed endpoints (object definitions, health, this document) plus, for every',
  'object of your organization, its record API under `/api/objects/{object}` in react-admin’s',
  'simple REST dialect. The document is generated from the object definitions at request time,',
  'so it always matches the server and shows what your credentials may use (fetched without one,',
  'it lists the fixed endpoints only). Authenticate with an',
  'API key (`Authorization: Bearer plk_…`, see `npm run api-key` or Settings → API keys) or the',
  'admin UI’s session cookie; a member of several organizations picks one with `X-Organization-Id`.',
].join(' ');

/** The security schemes' names in `components.securitySchemes`. */
export const BEARER_AUTH = 'bearerAuth';
export const COOKIE_AUTH = 'cookieAuth';

/** The operationIds (controller method names) of routes anyone may call (`@Access('public')`). */
function publicOperationIds(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new () => object) | null;
      const prototype = (controller?.prototype ?? {}) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (
          typeof handler === 'function' &&
          Reflect.getMetadata(ACCESS_METADATA, handler) === 'public'
        ) {
          ids.add(name);
        }
      }
    }
  }
  return ids;
}

/** Public operations need no credential: `security: []` overrides the document's default. */
function markPublicOperations(document: OpenApiDocument, publicIds: Set<string>): void {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(
      pathItem as Record<string, { operationId?: string; security?: unknown }>,
    )) {
      if (
        typeof operation === 'object' &&
        operation.operationId &&
        publicIds.has(operation.operationId)
      ) {
        operation.security = [];
      }
    }
  }
}

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
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key: plk_… (shown once when made)' },
      BEARER_AUTH,
    )
    .addCookieAuth(
      'plinth_session',
      { type: 'apiKey', in: 'cookie', description: 'The admin UI’s session (after sign-in)' },
      COOKIE_AUTH,
    )
    .addSecurityRequirements(BEARER_AUTH)
    .addSecurityRequirements(COOKIE_AUTH)
    .addTag(
      HUBSPOT_TAG,
      'HubSpot’s CRM API at its own paths (`/crm/v3/…`, `/crm/v4/…`, `/crm-object-schemas/v3/…`), over the same services: point `@hubspot/api-client` at Plinth with `basePath` and an API key as its access token (README, “Coming from HubSpot”). Errors use HubSpot’s body.',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
  const plain = JSON.parse(JSON.stringify(document)) as OpenApiDocument;
  markPublicOperations(plain, publicOperationIds(app));
  return plain;
}
