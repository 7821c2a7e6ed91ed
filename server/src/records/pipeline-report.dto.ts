import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class PipelineReportQueryDto {
  @ApiPropertyOptional({
    description: 'Only records created at or after this date or date-time',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description: 'Only records created before this date or date-time',
    example: '2027-01-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class StageAmountDto {
  @ApiProperty({ type: String, nullable: true, example: 'USD' })
  currency!: string | null;

  @ApiProperty({ description: 'Exact decimal sum', example: '125000.00' })
  amount!: string;
}

export class StageReportDto {
  @ApiProperty({ example: 'negotiation' })
  value!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Negotiation' })
  label!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 75 })
  probability!: number | null;

  @ApiProperty()
  is_closed!: boolean;

  @ApiProperty({ description: 'Records now in the stage', example: 12 })
  count!: number;

  @ApiProperty({ type: [StageAmountDto], description: 'Sum of the amount property, by currency' })
  amounts!: StageAmountDto[];

  @ApiProperty({
    description: 'Records that entered the stage (from the event log)',
    example: 20,
  })
  entered!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Average days a record that entered the stage spent in it, from the event log (visits add up; a current stay counts up to now)',
  })
  average_days_in_stage!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Share (0..1) of the records that entered this stage and later entered a stage further along the pipeline (not an exit such as lost); null for closed and last stages',
  })
  conversion_to_next!: number | null;
}

export class PipelineReportDto {
  @ApiProperty({ example: 'deal' })
  object!: string;

  @ApiProperty({ example: 'stage' })
  property!: string;

  @ApiProperty({ example: 'sales' })
  pipeline!: string;

  @ApiProperty({ type: String, nullable: true })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true })
  to!: string | null;

  @ApiProperty({
    enum: ['events'],
    description:
      'Where time in stage and conversion come from: `events`, the created and status_changed events of the records',
  })
  history_source!: 'events';

  @ApiProperty({ example: 40 })
  total!: number;

  @ApiProperty({ type: [StageReportDto] })
  stages!: StageReportDto[];
}
