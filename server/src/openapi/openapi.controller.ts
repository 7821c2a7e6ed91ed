import { Controller, Get, Header } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { OpenApiService } from './openapi.service';
import type { OpenApiDocument } from './openapi.types';

@ApiTags('OpenAPI')
@ApiHeader({
  name: 'X-Organization-Id',
  required: false,
  description: 'Organization id or slug, for a member of several organizations',
})
@Controller()
export class OpenApiController {
  constructor(private readonly service: OpenApiService) {}

  @Access('signed_in')
  @Get('openapi.json')
  @ApiOperation({
    summary: "This document: the fixed endpoints and every object of the caller's organization",
  })
  @ApiOkResponse({ description: 'An OpenAPI 3.1 document', schema: { type: 'object' } })
  getOpenApiDocument(@Ctx() context: RequestContext): Promise<OpenApiDocument> {
    return this.service.getDocument(context);
  }

  @Access('signed_in')
  @Get('openapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'The same document as YAML' })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: 'An OpenAPI 3.1 document', schema: { type: 'string' } })
  getOpenApiDocumentYaml(@Ctx() context: RequestContext): Promise<string> {
    return this.service.getDocumentYaml(context);
  }
}
