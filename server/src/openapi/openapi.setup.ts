import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { createFixedOpenApiDocument } from './openapi-fixed-document';
import { OpenApiService } from './openapi.service';

/**
 * Hands the decorator-built document to OpenApiService and serves Swagger UI at
 * `/<prefix>/docs` from the swagger-ui-dist package (nothing from the internet). The UI loads
 * `/<prefix>/openapi.json`, the live document, rather than a copy embedded here: the fixed
 * endpoints for anyone, the organization's objects too when the browser holds a session cookie.
 */
export function configureOpenApi(app: INestApplication, prefix: string): void {
  app.get(OpenApiService).useFixedDocument(createFixedOpenApiDocument(app));
  // An empty embedded document makes Swagger UI load `url` instead.
  SwaggerModule.setup(`${prefix}/docs`, app, () => ({}) as never, {
    raw: false,
    customSiteTitle: 'Plinth API',
    swaggerOptions: {
      url: `/${prefix}/openapi.json`,
      // Swagger UI would otherwise send the document to an online validator for its badge.
      validatorUrl: 'none',
      displayOperationId: true,
    },
  });
}
