import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { RecordEntity } from './record.entity';

/**
 * The database's guard for unique properties: one row per (object, property, normalized value),
 * written in the record's transaction, so two concurrent writers of one value cannot both commit.
 */
@Entity('record_unique_value')
@Index('IDX_record_unique_value_record', ['organizationId', 'recordId'])
export class RecordUniqueValueEntity {
  /** The key leads with the organization (the distribution column, docs/scaling.md). */
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  objectDefinitionId!: string;

  @PrimaryColumn({ type: 'text' })
  propertyName!: string;

  @PrimaryColumn({ type: 'text' })
  value!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_record_unique_value_organization',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid' })
  recordId!: string;

  @ManyToOne(() => RecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'organization_id',
      referencedColumnName: 'organizationId',
      foreignKeyConstraintName: 'FK_record_unique_value_record',
    },
    {
      name: 'record_id',
      referencedColumnName: 'id',
    },
  ])
  record?: RecordEntity;
}
