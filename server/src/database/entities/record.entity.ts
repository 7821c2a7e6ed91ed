import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ObjectDefinitionEntity } from './object-definition.entity';
import { OrganizationEntity } from './organization.entity';

/** Every record of every object: properties are JSONB validated against the definition's schema. */
@Entity('record')
@Index(
  'IDX_record_organization_definition_created',
  ['organizationId', 'objectDefinitionId', 'createdAt', 'id'],
  { where: 'archived_at IS NULL' },
)
@Index('IDX_record_recycle_bin', ['organizationId', 'objectDefinitionId', 'createdAt', 'id'], {
  where: 'archived_at IS NOT NULL',
})
@Index('IDX_record_archived_at', ['archivedAt'], { where: 'archived_at IS NOT NULL' })
@Index('IDX_record_organization_definition_owner', [
  'organizationId',
  'objectDefinitionId',
  'ownerId',
])
@Index('IDX_record_properties', { synchronize: false })
@Index('IDX_record_search', { synchronize: false })
@Index('IDX_record_match_keys', { synchronize: false })
@Index('IDX_record_display_name_trgm', { synchronize: false })
@Index('IDX_record_merged_into', { synchronize: false })
export class RecordEntity {
  /** The key leads with the organization (the distribution column, docs/scaling.md). */
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_record_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid' })
  objectDefinitionId!: string;

  @ManyToOne(() => ObjectDefinitionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'object_definition_id',
    foreignKeyConstraintName: 'FK_record_object_definition',
  })
  objectDefinition?: ObjectDefinitionEntity;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  properties!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  displayName!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Set while the record is in the recycle bin (deleted, not yet purged). */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** The actor who deleted it, like createdBy; null while live. */
  @Column({ type: 'text', nullable: true })
  archivedBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** The member who owns the record ("own" scopes); null for none. */
  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** The actor who created it: `member:<id>`, `api_key:<id>` or `system`. */
  @Column({ type: 'text', default: 'system' })
  createdBy!: string;

  /** The actor who changed it last, like createdBy. */
  @Column({ type: 'text', default: 'system' })
  updatedBy!: string;

  /** Full-text: the display name and searchable properties, unaccented; written with the record. */
  @Column({ type: 'tsvector', nullable: true, select: false })
  searchVector!: string | null;

  /** Normalised values of the definition's exact duplicate rules (`<rule>:<value>`), for matching. */
  @Column({ type: 'text', array: true, nullable: true, select: false })
  matchKeys!: string[] | null;

  /** A merge's tombstone: the survivor this (archived) record was merged into. */
  @Column({ type: 'uuid', nullable: true })
  mergedInto!: string | null;
}
