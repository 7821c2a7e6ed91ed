import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { ImportJobRow } from './import-jobs.repository';
import type { ImportTarget } from './import-mapping';

/** The settings of a dry run or a start: mode, key, and the column → property mapping. */
export class ImportSettingsDto {
  @ApiProperty({
    enum: ['create', 'upsert'],
    description: 'create-only, or find-or-create by `key`',
  })
  @IsIn(['create', 'upsert'])
  mode!: 'create' | 'upsert';

  @ApiPropertyOptional({ description: 'upsert: a unique property or composite key of the object' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'CSV column → property name; a column left out is not imported',
    example: { 'Deal name': 'name', Amount: 'amount' },
  })
  @IsObject()
  mapping!: Record<string, string>;
}

export class CreateImportQueryDto {
  @ApiProperty({ description: 'The object the rows become records of', example: 'deal' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/)
  object!: string;

  @ApiPropertyOptional({
    description: 'The file’s name, shown in the job list',
    example: 'deals.csv',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  file_name?: string;
}

export class ImportTargetDto {
  @ApiProperty() name!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'The property type; `reference` for an associated record’s id' })
  type!: string;
  @ApiProperty({ description: 'create-only imports need a column for it' }) required!: boolean;
}

export class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() object!: string;
  @ApiProperty({ enum: ['uploaded', 'running', 'completed', 'cancelled', 'failed'] })
  status!: string;
  @ApiProperty({ enum: ['create', 'upsert'] }) mode!: string;
  @ApiProperty({ type: 'string', nullable: true }) key!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  mapping!: Record<string, string>;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty() file_name!: string;
  @ApiProperty() file_size!: number;
  @ApiProperty({ description: 'Data rows in the file' }) rows_total!: number;
  @ApiProperty() rows_done!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'Rows per second so far' })
  rows_per_second!: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Estimated seconds left' })
  seconds_left!: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the import stopped' })
  error!: string | null;
  @ApiProperty({ description: 'Who started it (member:…, api_key:…, system)' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) started_at!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finished_at!: string | null;
  @ApiProperty({ type: 'boolean' }) cancel_requested!: boolean;
}

/** An upload's answer: the job, what its columns may map to, and the suggested mapping. */
export class UploadedImportDto extends ImportJobDto {
  @ApiProperty({ type: [ImportTargetDto] }) targets!: ImportTargetDto[];
  @ApiProperty({ type: [String], description: 'Keys an upsert may find records by' })
  keys!: string[];
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'The data row (1 = first row after the header)' }) row!: number;
  @ApiProperty() reason!: string;
}

export class ImportPreviewRowDto {
  @ApiProperty() row!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) values!: Record<string, unknown>;
}

/** A dry run: nothing is written. */
export class ImportDryRunDto {
  @ApiProperty() rows_total!: number;
  @ApiProperty({ description: 'Rows that would be written' }) rows_valid!: number;
  @ApiProperty({ description: 'Rows that would be refused' }) rows_failed!: number;
  @ApiProperty({ type: [ImportPreviewRowDto], description: 'The first rows as records' })
  preview!: ImportPreviewRowDto[];
  @ApiProperty({ type: [ImportRowErrorDto], description: 'Every refused row (the first 1,000)' })
  errors!: ImportRowErrorDto[];
  @ApiProperty({ description: 'More refused rows than listed' }) errors_truncated!: boolean;
}

export function toImportTarget(target: ImportTarget): ImportTargetDto {
  return {
    name: target.name,
    label: target.label,
    type: target.property?.type ?? 'reference',
    required: target.isRequired,
  };
}

export function toImportJob(row: ImportJobRow, now = Date.now()): ImportJobDto {
  const started = row.started_at?.getTime();
  const end = row.finished_at?.getTime() ?? now;
  const seconds = started === undefined ? 0 : (end - started) / 1000;
  const rate = seconds > 0 && row.rows_done > 0 ? row.rows_done / seconds : null;
  const left = Math.max(row.rows_total - row.rows_done, 0);
  return {
    id: row.id,
    object: row.object_name,
    status: row.status,
    mode: row.mode,
    key: row.key_name,
    mapping: row.mapping,
    columns: row.columns,
    file_name: row.file_name,
    file_size: Number(row.file_size),
    rows_total: row.rows_total,
    rows_done: row.rows_done,
    created: row.created_count,
    updated: row.updated_count,
    failed: row.failed_count,
    rows_per_second: rate === null ? null : Math.round(rate),
    seconds_left:
      row.status === 'running' && rate !== null
        ? Math.ceil(left / rate)
        : row.status === 'running'
          ? null
          : 0,
    error: row.error,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    cancel_requested: row.cancel_requested_at !== null,
  };
}
