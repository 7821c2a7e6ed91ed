import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { wholeListRange } from 'src/common/http/list-query';
import { Access } from 'src/organizations/access.decorator';
import type { RequestContext } from 'src/organizations/request-context';
import { Ctx } from 'src/organizations/request-context.decorator';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  toApiKeyResponse,
} from './access.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('API keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Get()
  @Access('manage_access')
  @ApiOperation({ summary: "The organization's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  async listApiKeys(
    @Ctx() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ApiKeyResponseDto[]> {
    const rows = (await this.service.listApiKeys(context)).map(toApiKeyResponse);
    response.header('Content-Range', wholeListRange('api-keys', rows.length));
    return rows;
  }

  @Post()
  @Access('manage_access')
  @ApiOperation({ summary: 'Create a key with a role or scopes; the answer shows it this once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async createApiKey(
    @Ctx() context: RequestContext,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    const { row, key } = await this.service.createApiKey(context, body);
    return { ...toApiKeyResponse(row), key };
  }

  @Delete(':id')
  @Access('manage_access')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key: refused at once by every server process' })
  @ApiNoContentResponse()
  deleteApiKey(
    @Ctx() context: RequestContext,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.service.revokeApiKey(context, id);
  }
}
