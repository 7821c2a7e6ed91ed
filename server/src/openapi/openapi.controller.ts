import { Controller, Get, Header } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { OptionalCtx } from 'src/organizations/request-context.decorator';
import { OpenApiService } from './openapi.service';
import type { OpenApiDocument } from './openapi.types';

@ApiTags('OpenAPI')
@ApiHeader({
  name: 'X-Organization-Id',
  required: false,
  description: 'Organization id or slug, for a member of several organizations',
})
/**
 * Public, so Swagger UI (`/api/docs`) can load the document before Authorize: without a valid
 * credential it is the fixed endpoints and the security schemes; with one (a key, or the admin
 * UI's session cookie in the same browser) it adds what the caller's organization and role offer.
 */
@Controller()
export class OpenApiController {
  constructor(private readonly service: OpenApiService) {}

  @Access('public')
  @Get('openapi.json')
  @ApiOperation({
    summary:
      "This document: the fixed endpoints, plus every object of the caller's organization when sent with a credential",
  })
  @ApiOkResponse({ description: 'An OpenAPI 3.1 document', schema: { type: 'object' } })
  getOpenApiDocument(@OptionalCtx() context: RequestContext | undefined): Promise<OpenApiDocument> {
    return this.service.getDocument(context);
  }

  @Access('public')
  @Get('openapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'The same document as YAML' })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: 'An OpenAPI 3.1 document', schema: { type: 'string' } })
  getOpenApiDocumentYaml(@OptionalCtx() context: RequestContext | undefined): Promise<string> {
    return this.service.getDocumentYaml(context);
  }
}
