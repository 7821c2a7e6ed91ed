import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import { parseTimelineQuery } from './timeline-query';
import {
  CreateCommentDto,
  EventResponseDto,
  FeedPageDto,
  PropertyValueDto,
  TimelinePageDto,
} from './timeline.dto';
import { TimelineService } from './timeline.service';

/** Timeline, history and comments of one record; the organization's change feed. */
@ApiTags('Timeline')
@Controller()
export class TimelineController {
  constructor(private readonly service: TimelineService) {}

  @Get('objects/:object/:id/timeline')
  @Access('records')
  @ApiOperation({ summary: "A record's events, newest first, in cursor pages" })
  @ApiQuery({
    name: 'filter',
    required: false,
    description:
      '{"type":["updated"],"property":"stage","actor":"member:<id>","from":"…","to":"…"}',
  })
  @ApiQuery({ name: 'range', required: false, description: '[0,24]: the page size' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: 'paging.next.after of the page before',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  listTimeline(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Query() params: Record<string, unknown>,
  ): Promise<TimelinePageDto> {
    return this.service.listTimeline(context, object, id, parseTimelineQuery(params));
  }

  @Get('objects/:object/:id/history')
  @Access('records')
  @ApiOperation({ summary: "One property's values over time, oldest first" })
  @ApiQuery({ name: 'property', required: true })
  @ApiOkResponse({ type: [PropertyValueDto] })
  listPropertyHistory(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Query('property') property: string | undefined,
  ): Promise<PropertyValueDto[]> {
    return this.service.listPropertyHistory(context, object, id, property);
  }

  @Post('objects/:object/:id/comments')
  @Access('records')
  @ApiOperation({ summary: "A comment on a record's timeline" })
  @ApiCreatedResponse({ type: EventResponseDto })
  addComment(
    @Ctx() context: RequestContext,
    @Param('object') object: string,
    @Param('id') id: string,
    @Body() body: CreateCommentDto,
  ): Promise<EventResponseDto> {
    return this.service.addComment(context, object, id, body.text);
  }

  @Get('events')
  @Access('manage_access')
  @ApiOperation({
    summary: "The organization's change feed in commit order; poll with `after` = the last `next`",
  })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiOkResponse({ type: FeedPageDto })
  readChangeFeed(
    @Ctx() context: RequestContext,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
  ): Promise<FeedPageDto> {
    return this.service.readChangeFeed(context, after, parseLimit(limit));
  }
}

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError(ErrorCode.BadRequest, 'limit must be a whole number from 1 to 1000', {
      limit: 'must be a whole number from 1 to 1000',
    });
  }
  return limit;
}
