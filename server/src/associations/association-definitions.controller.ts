import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AssociationDefinitionsService } from 'src/association-definitions/association-definitions.service';
import { pageInMemory } from 'src/common/http/in-memory-list';
import { contentRange, parseListQuery } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  AssociationDefinitionResponseDto,
  CreateAssociationDefinitionDto,
  ListAssociationDefinitionsQueryDto,
  PurgeQueryDto,
  toAssociationDefinitionResponse,
} from './associations.dto';
import { AssociationsService } from './associations.service';

const LABELS_BODY = {
  schema: {
    type: 'object',
    properties: {
      from_side: { type: 'object', properties: { label: { type: 'string' } } },
      to_side: { type: 'object', properties: { label: { type: 'string' } } },
    },
  },
};

@ApiTags('Associations')
@ApiHeader({ name: 'X-Organization-Id', required: false, description: 'Organization id or slug' })
@Controller('association-definitions')
export class AssociationDefinitionsController {
  constructor(
    private readonly service: AssociationDefinitionsService,
    private readonly associations: AssociationsService,
  ) {}

  @Access('signed_in')
  @Get()
  @ApiOperation({
    summary: 'List association definitions (system and custom), react-admin dialect',
  })
  @ApiOkResponse({ type: [AssociationDefinitionResponseDto] })
  async listAssociationDefinitions(
    @Ctx() context: RequestContext,
    @Query() params: ListAssociationDefinitionsQueryDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<AssociationDefinitionResponseDto[]> {
    const all = (await this.service.listDefinitions(context)).map(toAssociationDefinitionResponse);
    const page = pageInMemory(all, parseListQuery(params), {
      noun: 'association definitions',
      sortable: ['id', 'name', 'from', 'to', 'cardinality', 'is_system', 'created_at'],
      defaultSort: 'name',
      filterable: ['id', 'name', 'from', 'to', 'object', 'cardinality', 'is_system'],
      matchesQ: (d, needle) =>
        [d.name, d.from_side.label, d.to_side.label].some((t) => t.toLowerCase().includes(needle)),
      matchesField: (d, field, wanted) =>
        field === 'object' ? d.from === wanted || d.to === wanted : undefined,
    });
    response.header(
      'Content-Range',
      contentRange('association-definitions', page.start, page.rows.length, page.total),
    );
    return page.rows;
  }

  @Access('signed_in')
  @Get(':name')
  @ApiOperation({ summary: 'Get one association definition' })
  @ApiOkResponse({ type: AssociationDefinitionResponseDto })
  async getAssociationDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<AssociationDefinitionResponseDto> {
    return toAssociationDefinitionResponse(await this.service.getDefinition(context, name));
  }

  @Access('manage_data_model')
  @Post()
  @ApiOperation({ summary: 'Define an association between two objects (or an object and itself)' })
  @ApiCreatedResponse({ type: AssociationDefinitionResponseDto })
  async createAssociationDefinition(
    @Ctx() context: RequestContext,
    @Body() body: CreateAssociationDefinitionDto,
  ): Promise<AssociationDefinitionResponseDto> {
    return toAssociationDefinitionResponse(await this.service.createDefinition(context, body));
  }

  @Access('manage_data_model')
  @Patch(':name')
  @ApiOperation({
    summary: "Relabel an association's sides (its names, objects and cardinality never change)",
  })
  @ApiBody(LABELS_BODY)
  @ApiOkResponse({ type: AssociationDefinitionResponseDto })
  async updateAssociationDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<AssociationDefinitionResponseDto> {
    return toAssociationDefinitionResponse(
      await this.service.relabelDefinition(context, name, body),
    );
  }

  @Access('manage_data_model')
  @Put(':name')
  @ApiOperation({ summary: 'Same as PATCH (react-admin sends the whole record)' })
  @ApiBody(LABELS_BODY)
  @ApiOkResponse({ type: AssociationDefinitionResponseDto })
  async replaceAssociationDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<AssociationDefinitionResponseDto> {
    return toAssociationDefinitionResponse(
      await this.service.relabelDefinition(context, name, body),
    );
  }

  @Access('manage_data_model')
  @Delete(':name')
  @ApiOperation({
    summary: "Delete an admin's association; with links, only with purge=true (which deletes them)",
  })
  @ApiOkResponse({ type: AssociationDefinitionResponseDto })
  async deleteAssociationDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Query() query: PurgeQueryDto,
  ): Promise<AssociationDefinitionResponseDto> {
    return toAssociationDefinitionResponse(
      await this.associations.deleteDefinition(context, name, query.purge === 'true'),
    );
  }
}
