import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { RecordEntity } from './record.entity';

/** A typed link between two records of one organization. */
@Entity('association')
@Index('UQ_association_type_from_to', ['associationType', 'fromRecordId', 'toRecordId'], {
  unique: true,
})
@Index('IDX_association_to_record', ['toRecordId'])
@Index('UQ_association_from_single', { synchronize: false })
@Index('UQ_association_to_single', { synchronize: false })
export class AssociationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_association_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  associationType!: string;

  @Column({ type: 'uuid' })
  fromRecordId!: string;

  @ManyToOne(() => RecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_record_id', foreignKeyConstraintName: 'FK_association_from_record' })
  fromRecord?: RecordEntity;

  @Column({ type: 'uuid' })
  toRecordId!: string;

  @ManyToOne(() => RecordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_record_id', foreignKeyConstraintName: 'FK_association_to_record' })
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
