import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { EVENT_TYPES } from 'src/events/event.types';

export class CreateCommentDto {
  @ApiProperty({ example: 'Called them; they sign next week.', maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text!: string;
}

export class EventResponseDto {
  @ApiProperty({ description: 'Increasing per organization (bigint as a string)', example: '42' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  occurred_at!: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type!: string;

  @ApiProperty({ type: String, nullable: true })
  object_name!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  record_id!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The record's version after the change",
  })
  record_version!: number | null;

  @ApiProperty({
    example: 'member:7d0c…',
    description: '`member:<id>`, `api_key:<id>` or `system`',
  })
  actor!: string;

  @ApiProperty({ enum: ['ui', 'api', 'import', 'system'] })
  source!: string;

  @ApiProperty({ type: String, nullable: true })
  request_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The event that caused this one' })
  cause_event_id!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'created: {properties}; updated: {changes: {<property>: {old, new}}}; status_changed: {property, old, new}; deleted: {properties}; associated/dissociated: {association_type, from_id, to_id, side}; comment: {text}; definition_changed: {object_name, version, summary}. Sensitive values are "***".',
  })
  data!: Record<string, unknown>;
}

class NextPageDto {
  @ApiProperty({ description: 'Pass as `cursor` for the next (older) page' })
  after!: string;
}

class PagingDto {
  @ApiPropertyOptional({ type: NextPageDto })
  next?: NextPageDto;
}

export class TimelinePageDto {
  @ApiProperty({ type: [EventResponseDto] })
  results!: EventResponseDto[];

  @ApiProperty({ type: PagingDto })
  paging!: PagingDto;
}

export class PropertyValueDto {
  @ApiProperty({ description: 'The value from then on (null: unset or the record deleted)' })
  value!: unknown;

  @ApiProperty({ format: 'date-time' })
  occurred_at!: string;

  @ApiProperty()
  actor!: string;

  @ApiProperty({ type: Number, nullable: true })
  record_version!: number | null;

  @ApiProperty()
  event_id!: string;
}

export class FeedPageDto {
  @ApiProperty({ type: [EventResponseDto] })
  events!: EventResponseDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` to read on; the same cursor again when nothing was new',
  })
  next!: string | null;
}
