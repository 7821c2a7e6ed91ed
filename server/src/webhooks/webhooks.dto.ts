import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import { ALL_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from './webhook-event';
import type { AttemptRow, DeliveryRow, SubscriptionRow } from './webhooks.repository';

const EVENT_TYPE_CHOICES = [ALL_EVENT_TYPES, ...WEBHOOK_EVENT_TYPES];
const URL_RULES = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  require_host: true,
  allow_underscores: true,
};
const URL_MESSAGE = 'url must be an http:// or https:// URL with a host';
const FILTER_DESCRIPTION =
  'Only events whose record has this value after the change: {"property":"stage","equals":"won"}';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://example.com/plinth-webhooks' })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULES, { message: URL_MESSAGE })
  url!: string;

  @ApiPropertyOptional({ example: 'Won deals to the billing system' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ example: ['created', 'updated'], enum: EVENT_TYPE_CHOICES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(EVENT_TYPE_CHOICES, {
    each: true,
    message: `each event type must be one of ${EVENT_TYPE_CHOICES.join(', ')}`,
  })
  event_types!: string[];

  @ApiPropertyOptional({
    example: ['deal'],
    type: [String],
    nullable: true,
    description: 'Unset or null: every object',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { each: true, message: 'each object must be an object name' })
  objects?: string[] | null;

  @ApiPropertyOptional({
    example: { property: 'stage', equals: 'won' },
    nullable: true,
    description: FILTER_DESCRIPTION,
  })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown> | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://example.com/plinth-webhooks' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULES, { message: URL_MESSAGE })
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPE_CHOICES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(EVENT_TYPE_CHOICES, {
    each: true,
    message: `each event type must be one of ${EVENT_TYPE_CHOICES.join(', ')}`,
  })
  event_types?: string[];

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { each: true, message: 'each object must be an object name' })
  objects?: string[] | null;

  @ApiPropertyOptional({ nullable: true, description: FILTER_DESCRIPTION })
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    description: 'Enabling a disabled subscription clears why it was disabled',
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ReplaySinceDto {
  @ApiProperty({ format: 'date-time', example: '2026-01-31T08:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since!: string;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String] })
  event_types!: string[];

  @ApiProperty({ type: [String], nullable: true })
  objects!: string[] | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  filter!: Record<string, unknown> | null;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why it is disabled' })
  disabled_reason!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  disabled_at!: Date | null;

  @ApiProperty({ description: 'Attempts that failed since the last success' })
  consecutive_failures!: number;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  failing_since!: Date | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  last_success_at!: Date | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: Date;

  @ApiProperty({ format: 'date-time' })
  updated_at!: Date;
}

export class CreatedWebhookDto extends WebhookResponseDto {
  @ApiProperty({ example: 'whsec_…', description: 'The signing secret, shown this once' })
  secret!: string;
}

export class WebhookAttemptDto {
  @ApiProperty()
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  attempted_at!: Date;

  @ApiProperty({ enum: ['succeeded', 'failed'] })
  outcome!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  response_status!: number | null;

  @ApiProperty()
  latency_ms!: number;

  @ApiProperty({ type: 'string', nullable: true })
  error!: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: '42' })
  id!: string;

  @ApiProperty({ description: 'webhook-id: the same for every attempt and replay of one message' })
  message_id!: string;

  @ApiProperty({ type: 'string', nullable: true })
  event_id!: string | null;

  @ApiProperty()
  event_type!: string;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  record_id!: string | null;

  @ApiProperty({ enum: ['pending', 'retrying', 'delivered', 'parked'] })
  status!: string;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  next_attempt_at!: Date;

  @ApiProperty({ type: 'integer', nullable: true })
  last_response_status!: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  last_error!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  delivered_at!: Date | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The delivery this one replays' })
  replay_of!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: Date;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body sent' })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: [WebhookAttemptDto] })
  attempt_log!: WebhookAttemptDto[];
}

export class ReplayCountDto {
  @ApiProperty({ description: 'Deliveries queued again' })
  queued!: number;
}

export function toWebhookResponse(row: SubscriptionRow): WebhookResponseDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes,
    objects: row.objectNames,
    filter: row.filter,
    enabled: row.isEnabled,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt,
    consecutive_failures: row.consecutiveFailures,
    failing_since: row.failingSince,
    last_success_at: row.lastSuccessAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toDeliveryResponse(row: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryDto {
  return {
    id: row.id,
    message_id: row.messageId,
    event_id: row.eventId,
    event_type: row.eventType,
    record_id: row.recordId,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.nextAttemptAt,
    last_response_status: row.lastResponseStatus,
    last_error: row.lastError,
    delivered_at: row.deliveredAt,
    replay_of: row.replayOf,
    created_at: row.createdAt,
    payload: row.payload,
    attempt_log: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      attempted_at: attempt.attemptedAt,
      outcome: attempt.outcome,
      response_status: attempt.responseStatus,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
    })),
  };
}
