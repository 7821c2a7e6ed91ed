import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { contentRange, parseListQuery } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { pageObjectDefinitions } from './object-definitions-list';
import {
  ListObjectDefinitionsQueryDto,
  ObjectDefinitionResponseDto,
  toObjectDefinitionResponse,
} from './object-definitions.dto';
import { ObjectDefinitionsService } from './object-definitions.service';

@ApiTags('Object definitions')
@ApiHeader({
  name: 'X-Organization-Id',
  required: false,
  description: 'Organization id or slug, for a member of several organizations',
})
@Controller('object-definitions')
export class ObjectDefinitionsController {
  constructor(private readonly service: ObjectDefinitionsService) {}

  @Access('signed_in')
  @Get()
  @ApiOperation({ summary: 'List object definitions (system and custom), react-admin dialect' })
  @ApiOkResponse({ type: [ObjectDefinitionResponseDto] })
  async listObjectDefinitions(
    @Ctx() context: RequestContext,
    @Query() params: ListObjectDefinitionsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ObjectDefinitionResponseDto[]> {
    const query = parseListQuery(params);
    const definitions = (await this.service.listDefinitions(context)).map(
      toObjectDefinitionResponse,
    );
    const page = pageObjectDefinitions(definitions, query);
    response.setHeader(
      'Content-Range',
      contentRange('object-definitions', page.start, page.rows.length, page.total),
    );
    return page.rows;
  }

  @Access('signed_in')
  @Get(':name')
  @ApiOperation({ summary: 'Get one object definition' })
  @ApiOkResponse({ type: ObjectDefinitionResponseDto })
  async getObjectDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<ObjectDefinitionResponseDto> {
    return toObjectDefinitionResponse(await this.service.getDefinition(context, name));
  }

  @Access('signed_in')
  @Get(':name/schema')
  @Header('Content-Type', 'application/schema+json')
  @ApiOperation({
    summary:
      "The object's compiled JSON Schema (draft 2020-12), the one AJV validates records with",
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  async getObjectDefinitionSchema(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<Record<string, unknown>> {
    return (await this.service.getDefinition(context, name)).jsonSchema;
  }
}
