import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { RecordEntity } from './record.entity';

/** A typed link between two records of one organization. */
@Entity('association')
@Index(
  'UQ_association_type_from_to',
  ['organizationId', 'associationType', 'fromRecordId', 'toRecordId'],
  { unique: true },
)
@Index('IDX_association_to_record', ['organizationId', 'toRecordId'])
@Index('UQ_association_from_single', { synchronize: false })
@Index('UQ_association_to_single', { synchronize: false })
export class AssociationEntity {
  /** The key leads with the organization (the distribution column, docs/scaling.md). */
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_association_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  associationType!: string;

  @Column({ type: 'uuid' })
  fromRecordId!: string;

  @ManyToOne(() => RecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'organization_id',
      referencedColumnName: 'organizationId',
      foreignKeyConstraintName: 'FK_association_from_record',
    },
    {
      name: 'from_record_id',
      referencedColumnName: 'id',
    },
  ])
  fromRecord?: RecordEntity;

  @Column({ type: 'uuid' })
  toRecordId!: string;

  @ManyToOne(() => RecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'organization_id',
      referencedColumnName: 'organizationId',
      foreignKeyConstraintName: 'FK_association_to_record',
    },
    {
      name: 'to_record_id',
      referencedColumnName: 'id',
    },
  ])
  toRecord?: RecordEntity;

  /**
   * from_record_id when each from-record may have only one link of this type (many_to_one,
   * one_to_one), else null: a partial unique index makes the database enforce the cardinality.
   */
  @Column({ type: 'uuid', nullable: true })
  fromSingle!: string | null;

  /** to_record_id when each to-record may have only one link (one_to_many, one_to_one). */
  @Column({ type: 'uuid', nullable: true })
  toSingle!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
