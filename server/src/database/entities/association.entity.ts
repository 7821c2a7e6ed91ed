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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
