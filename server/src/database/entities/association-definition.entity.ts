import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ObjectDefinitionEntity } from './object-definition.entity';
import { OrganizationEntity } from './organization.entity';

/** A kind of link between two objects: its two sides' names and labels, and its cardinality. */
@Entity('association_definition')
@Index('UQ_association_definition_organization_name', ['organizationId', 'name'], { unique: true })
export class AssociationDefinitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_association_definition_organization',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid' })
  fromObjectDefinitionId!: string;

  @ManyToOne(() => ObjectDefinitionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'from_object_definition_id',
    foreignKeyConstraintName: 'FK_association_definition_from',
  })
  fromObjectDefinition?: ObjectDefinitionEntity;

  @Column({ type: 'uuid' })
  toObjectDefinitionId!: string;

  @ManyToOne(() => ObjectDefinitionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'to_object_definition_id',
    foreignKeyConstraintName: 'FK_association_definition_to',
  })
  toObjectDefinition?: ObjectDefinitionEntity;

  /** How the from-object names the link (`company` on a deal) and labels it. */
  @Column({ type: 'text' })
  fromName!: string;

  @Column({ type: 'text' })
  fromLabel!: string;

  /** How the to-object names the link back (`deals` on a company) and labels it. */
  @Column({ type: 'text' })
  toName!: string;

  @Column({ type: 'text' })
  toLabel!: string;

  @Column({ type: 'text' })
  cardinality!: string;

  @Column({ type: 'boolean', default: false })
  isSystem!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
