import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreatedLocation } from 'src/common/http/created-location';
import { contentRange, parseListQuery } from 'src/common/http/list-query';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { pageObjectDefinitions } from 'src/object-definitions/object-definitions-list';
import {
  CreateObjectDefinitionDto,
  DefinitionVersionResponseDto,
  DryRunQueryDto,
  ListObjectDefinitionsQueryDto,
  ObjectDefinitionResponseDto,
  PropertyChangeResponseDto,
  PurgeResponseDto,
  toObjectDefinitionResponse,
  UpdateObjectDefinitionDto,
} from 'src/object-definitions/object-definitions.dto';
import { ObjectDefinitionsService } from 'src/object-definitions/object-definitions.service';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { DataModelObjectsService, type ObjectPatch } from './data-model-objects.service';
import { DataModelPurgeService } from './data-model-purge.service';
import { PropertiesService } from './properties.service';

const PROPERTY_BODY = {
  schema: {
    type: 'object',
    description: 'A property definition (see definition.meta-schema.json)',
  },
};

/** A dry run creates nothing, so it names no Location. */
function propertySegment(body: unknown): string | undefined {
  const change = body as Partial<PropertyChangeResponseDto>;
  return change.dry_run === false ? change.property?.name : undefined;
}

/**
 * `/api/object-definitions`, the one controller of that prefix (so no route depends on another
 * controller's registration order): every member reads definitions; admins change the data model
 * at runtime: objects, properties, their history.
 */
@ApiTags('Data model')
@ApiHeader({ name: 'X-Organization-Id', required: false, description: 'Organization id or slug' })
@ApiConflictResponse({ description: 'The change conflicts with stored state or existing data' })
@Controller('object-definitions')
export class DataModelController {
  constructor(
    private readonly definitions: ObjectDefinitionsService,
    private readonly objects: DataModelObjectsService,
    private readonly properties: PropertiesService,
    private readonly purge: DataModelPurgeService,
  ) {}

  @Access('signed_in')
  @Get()
  @ApiOperation({ summary: 'List object definitions (system and custom), react-admin dialect' })
  @ApiOkResponse({ type: [ObjectDefinitionResponseDto] })
  async listObjectDefinitions(
    @Ctx() context: RequestContext,
    @Query() params: ListObjectDefinitionsQueryDto,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ObjectDefinitionResponseDto[]> {
    const query = parseListQuery(params);
    const definitions = (await this.definitions.listDefinitions(context)).map(
      toObjectDefinitionResponse,
    );
    const page = pageObjectDefinitions(definitions, query);
    response.header(
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
    return toObjectDefinitionResponse(await this.definitions.getDefinition(context, name));
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
    return (await this.definitions.getDefinition(context, name)).jsonSchema;
  }

  @Access('manage_data_model')
  @Post()
  @ApiOperation({ summary: 'Create a custom object' })
  @ApiCreatedResponse({ type: ObjectDefinitionResponseDto })
  async createObjectDefinition(
    @Ctx() context: RequestContext,
    @Body() body: CreateObjectDefinitionDto,
  ): Promise<ObjectDefinitionResponseDto> {
    return toObjectDefinitionResponse(await this.objects.createObject(context, { ...body }));
  }

  @Access('manage_data_model')
  @Patch(':name')
  @ApiOperation({
    summary: "Change an object's labels, description, primary display property, icon or colour",
  })
  @ApiOkResponse({ type: ObjectDefinitionResponseDto })
  async updateObjectDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Body() body: UpdateObjectDefinitionDto,
  ): Promise<ObjectDefinitionResponseDto> {
    return toObjectDefinitionResponse(
      await this.objects.updateObject(context, name, { ...body } as ObjectPatch),
    );
  }

  @Access('manage_data_model')
  @Delete(':name')
  @ApiOperation({
    summary: 'Archive a custom object: its records disappear from the API but are kept',
  })
  @ApiOkResponse({ type: ObjectDefinitionResponseDto })
  async archiveObjectDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<ObjectDefinitionResponseDto> {
    return toObjectDefinitionResponse(await this.objects.archiveObject(context, name));
  }

  @Access('manage_data_model')
  @Post(':name/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore an archived object, with its records' })
  @ApiOkResponse({ type: ObjectDefinitionResponseDto })
  async restoreObjectDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<ObjectDefinitionResponseDto> {
    return toObjectDefinitionResponse(await this.objects.restoreObject(context, name));
  }

  @Access('manage_data_model')
  @Post(':name/purge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete an archived object and all its records, for good' })
  @ApiOkResponse({ type: PurgeResponseDto })
  purgeObjectDefinition(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<PurgeResponseDto> {
    return this.purge.purgeObject(context, name);
  }

  @Access('signed_in')
  @Get(':name/versions')
  @ApiOperation({ summary: 'The change history of an object: version, time, who, and the diff' })
  @ApiOkResponse({ type: [DefinitionVersionResponseDto] })
  listObjectDefinitionVersions(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<DefinitionVersionResponseDto[]> {
    return this.objects.listVersions(context, name);
  }

  @Access('signed_in')
  @Get(':name/properties')
  @ApiOperation({ summary: "An object's properties, in display order" })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  listObjectProperties(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
  ): Promise<PropertyDefinition[]> {
    return this.properties.listProperties(context, name);
  }

  @Access('manage_data_model')
  @Post(':name/properties')
  @ApiOperation({
    summary: 'Add a property (instant at any record count); dry_run=true only checks',
  })
  @ApiBody(PROPERTY_BODY)
  @ApiCreatedResponse({ type: PropertyChangeResponseDto })
  @CreatedLocation(propertySegment)
  addObjectProperty(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Query() query: DryRunQueryDto,
    @Body() body: unknown,
  ): Promise<PropertyChangeResponseDto> {
    return this.properties.addProperty(context, name, body, query.dry_run === 'true');
  }

  @Access('manage_data_model')
  @Patch(':name/properties/:property')
  @ApiOperation({
    summary: 'Change a property; refused (409) when existing values break the new rule',
  })
  @ApiBody(PROPERTY_BODY)
  @ApiOkResponse({ type: PropertyChangeResponseDto })
  updateObjectProperty(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Param('property') property: string,
    @Query() query: DryRunQueryDto,
    @Body() body: unknown,
  ): Promise<PropertyChangeResponseDto> {
    return this.properties.updateProperty(context, name, property, body, query.dry_run === 'true');
  }

  @Access('manage_data_model')
  @Delete(':name/properties/:property')
  @ApiOperation({ summary: 'Delete a property: hidden from the API, its values kept until purged' })
  @ApiOkResponse({ schema: { type: 'object' } })
  deleteObjectProperty(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Param('property') property: string,
  ): Promise<PropertyDefinition> {
    return this.properties.deleteProperty(context, name, property);
  }

  @Access('manage_data_model')
  @Post(':name/properties/:property/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a deleted property, with its values' })
  @ApiOkResponse({ schema: { type: 'object' } })
  restoreObjectProperty(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Param('property') property: string,
  ): Promise<PropertyDefinition> {
    return this.properties.restoreProperty(context, name, property);
  }

  @Access('manage_data_model')
  @Post(':name/properties/:property/purge')
  @HttpCode(200)
  @ApiOperation({ summary: "Remove a deleted property's values from every record, in batches" })
  @ApiOkResponse({ type: PurgeResponseDto })
  purgeObjectProperty(
    @Ctx() context: RequestContext,
    @Param('name') name: string,
    @Param('property') property: string,
  ): Promise<PurgeResponseDto> {
    return this.purge.purgeProperty(context, name, property);
  }
}
