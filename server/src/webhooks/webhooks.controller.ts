import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreatedLocation } from 'src/common/http/created-location';
import { contentRange, parseListQuery, wholeListRange } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  ReplayCountDto,
  ReplaySinceDto,
  toDeliveryResponse,
  toWebhookResponse,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookResponseDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions (README, "Timeline and webhooks"); admins and owners only. */
@ApiTags('Webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Get()
  @Access('manage_access')
  @ApiOperation({ summary: "The organization's webhook subscriptions (never their secrets)" })
  @ApiOkResponse({ type: [WebhookResponseDto] })
  async listWebhooks(
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WebhookResponseDto[]> {
    const rows = (await this.service.listWebhooks(context)).map(toWebhookResponse);
    response.header('Content-Range', wholeListRange('webhooks', rows.length));
    return rows;
  }

  @Post()
  @Access('manage_access')
  @ApiOperation({
    summary: 'Subscribe a URL to events; the answer shows the signing secret this once',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  async createWebhook(
    @Ctx() context: RequestContext,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookDto> {
    const { row, secret } = await this.service.createWebhook(context, body);
    return { ...toWebhookResponse(row), secret };
  }

  @Get(':id')
  @Access('manage_access')
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiOkResponse({ type: WebhookResponseDto })
  async getWebhook(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookResponseDto> {
    return toWebhookResponse(await this.service.getWebhook(context, id));
  }

  @Patch(':id')
  @Access('manage_access')
  @ApiOperation({ summary: 'Change a subscription; enable or disable it' })
  @ApiOkResponse({ type: WebhookResponseDto })
  async updateWebhook(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookResponseDto> {
    return toWebhookResponse(await this.service.updateWebhook(context, id, body));
  }

  @Delete(':id')
  @Access('manage_access')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription and its delivery log' })
  @ApiNoContentResponse()
  deleteWebhook(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.service.deleteWebhook(context, id);
  }

  @Post(':id/test')
  @Access('manage_access')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a webhook.test message now; answers with its delivery and attempt',
  })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  async sendWebhookTest(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<WebhookDeliveryDto> {
    const { delivery, attempts } = await this.service.sendTestEvent(context, id);
    return toDeliveryResponse(delivery, attempts);
  }

  @Get(':id/deliveries')
  @Access('manage_access')
  @ApiOperation({ summary: 'The delivery log, newest first, each with its attempts' })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]' })
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  async listWebhookDeliveries(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('range') range: unknown,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<WebhookDeliveryDto[]> {
    const page = await this.service.listDeliveries(context, id, parseListQuery({ range }).range);
    response.header(
      'Content-Range',
      contentRange('deliveries', page.start, page.deliveries.length, page.total),
    );
    return page.deliveries.map(({ delivery, attempts }) => toDeliveryResponse(delivery, attempts));
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @Access('manage_access')
  // The new delivery is listed in the log; it has no URL of its own.
  @CreatedLocation(() => undefined)
  @ApiOperation({
    summary: 'Send one delivery again (same webhook-id), in order after pending ones',
  })
  @ApiCreatedResponse({ type: WebhookDeliveryDto })
  async replayWebhookDelivery(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    const { delivery, attempts } = await this.service.replayDelivery(context, id, deliveryId);
    return toDeliveryResponse(delivery, attempts);
  }

  @Post(':id/replay')
  @Access('manage_access')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send again every event sent or tried since a time, in their order' })
  @ApiAcceptedResponse({ type: ReplayCountDto })
  async replayWebhook(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReplaySinceDto,
  ): Promise<ReplayCountDto> {
    return { queued: await this.service.replaySince(context, id, new Date(body.since)) };
  }
}
