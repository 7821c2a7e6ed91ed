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
import { OrganizationEntity } from './organization.entity';

/** A custom role of one organization; the built-in roles live in code and their names are reserved. */
@Entity('role')
@Index('UQ_role_organization_name', ['organizationId', 'name'], { unique: true })
export class RoleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_role_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The permissions in their wire format (docs/architecture.md, "Access"). */
  @Column({ type: 'jsonb' })
  permissions!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
