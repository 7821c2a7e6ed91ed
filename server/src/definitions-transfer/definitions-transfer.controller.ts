import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DryRunQueryDto } from 'src/object-definitions/object-definitions.dto';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  type DefinitionsDocument,
  DefinitionsTransferService,
  type ImportPlan,
} from './definitions-transfer.service';

/** Definitions as code: `/api/definitions/export` and `/api/definitions/import`. */
@ApiTags('Data model')
@ApiHeader({ name: 'X-Organization-Id', required: false, description: 'Organization id or slug' })
@Controller('definitions')
export class DefinitionsTransferController {
  constructor(private readonly service: DefinitionsTransferService) {}

  @Access('manage_data_model')
  @Get('export')
  @ApiOperation({ summary: 'All custom object definitions as one JSON document' })
  @ApiOkResponse({ schema: { type: 'object' } })
  exportObjectDefinitions(@Ctx() context: RequestContext): Promise<DefinitionsDocument> {
    return this.service.exportDefinitions(context);
  }

  @Access('manage_data_model')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Apply an exported document; answers with the plan (created, changed, unchanged, refused and why). All or nothing.',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiOkResponse({ schema: { type: 'object' } })
  importObjectDefinitions(
    @Ctx() context: RequestContext,
    @Query() query: DryRunQueryDto,
    @Body() body: unknown,
  ): Promise<ImportPlan> {
    return this.service.importDefinitions(context, body, query.dry_run === 'true');
  }
}
