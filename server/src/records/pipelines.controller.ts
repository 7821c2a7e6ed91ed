import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { PipelineReportDto, PipelineReportQueryDto } from './pipeline-report.dto';
import { PipelineReportService } from './pipeline-report.service';

/** Reports over an object's pipelines (README "Pipelines"). */
@ApiTags('Pipelines')
@ApiHeader({ name: 'X-Organization-Id', required: false, description: 'Organization id or slug' })
@Controller('objects/:object/pipelines')
export class PipelinesController {
  constructor(private readonly reports: PipelineReportService) {}

  @Access('records')
  @Get(':pipeline/report')
  @ApiOperation({
    summary:
      'Per stage of a pipeline: count, amounts by currency, average time in stage, conversion to the next stage (records created in the period)',
  })
  @ApiOkResponse({ type: PipelineReportDto })
  @ApiNotFoundResponse({ description: 'No such object, or no such pipeline of it' })
  getPipelineReport(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('pipeline') pipeline: string,
    @Query() query: PipelineReportQueryDto,
  ): Promise<PipelineReportDto> {
    return this.reports.report(context, object, pipeline, query);
  }
}
