import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/**
 * One CSV import (README "Import and export"): who started it, when, into which object, how
 * (create-only or upsert by a key, the column → property mapping), its progress and outcome.
 * Kept after it ends; its failed rows are `import_job_failure` rows.
 */
@Entity('import_job')
@Index('IDX_import_job_created_at', ['organizationId', 'createdAt'])
export class ImportJobEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_import_job' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_import_job' })
  id!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_import_job_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  objectName!: string;

  /** `uploaded` → `running` → `completed` | `cancelled` | `failed`. */
  @Column({ type: 'text' })
  status!: string;

  /** `create` (create-only) or `upsert` (find-or-create by `keyName`). */
  @Column({ type: 'text', default: 'create' })
  mode!: string;

  @Column({ type: 'text', nullable: true })
  keyName!: string | null;

  /** CSV column → property name (a column left out is not imported). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  mapping!: Record<string, string>;

  /** The file's header row. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  columns!: string[];

  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'bigint' })
  fileSize!: string;

  /** Data rows in the file (counted at upload). */
  @Column({ type: 'integer', default: 0 })
  rowsTotal!: number;

  @Column({ type: 'integer', default: 0 })
  rowsDone!: number;

  @Column({ type: 'integer', default: 0 })
  createdCount!: number;

  @Column({ type: 'integer', default: 0 })
  updatedCount!: number;

  @Column({ type: 'integer', default: 0 })
  failedCount!: number;

  /** Why the whole import stopped (a file-level problem), if it did. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The actor who started it (record-actors.ts format). */
  @Column({ type: 'text' })
  createdBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Set by cancel; the running import stops before its next batch. */
  @Column({ type: 'timestamptz', nullable: true })
  cancelRequestedAt!: Date | null;
}

/** One row of an import that was not written, with the reason (the failed-rows CSV). */
@Entity('import_job_failure')
export class ImportJobFailureEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_import_job_failure' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_import_job_failure' })
  jobId!: string;

  /** The row's line in the file's data rows (1 = the first row after the header). */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_import_job_failure' })
  rowNumber!: number;

  @ManyToOne(() => ImportJobEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'organization_id',
      referencedColumnName: 'organizationId',
      foreignKeyConstraintName: 'FK_import_job_failure_job',
    },
    {
      name: 'job_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'FK_import_job_failure_job',
    },
  ])
  job?: ImportJobEntity;

  @Column({ type: 'text' })
  reason!: string;

  /** The row's cells, by column. */
  @Column({ type: 'jsonb' })
  cells!: string[];
}
