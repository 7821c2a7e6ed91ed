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

/** One object (system or custom) of one organization: its declaration and compiled schema. */
@Entity('object_definition')
@Index('UQ_object_definition_organization_name', ['organizationId', 'name'], { unique: true })
export class ObjectDefinitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_object_definition_organization',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  labelSingular!: string;

  @Column({ type: 'text' })
  labelPlural!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  navGroup!: string | null;

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  @Column({ type: 'text', nullable: true })
  color!: string | null;

  @Column({ type: 'boolean', default: false })
  isSystem!: boolean;

  /** The property definitions, in display order (the declarative format of the meta-schema). */
  @Column({ type: 'jsonb' })
  properties!: unknown[];

  /** The compiled JSON Schema (draft 2020-12) that AJV, OpenAPI and the admin UI share. */
  @Column({ type: 'jsonb' })
  jsonSchema!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  primaryDisplayProperty!: string | null;

  /** Title properties, composite keys and duplicate rules (definition.types.ts `IdentityRules`). */
  @Column({ type: 'jsonb', nullable: true })
  identity!: Record<string, unknown> | null;

  /** For system objects: the shipped file as last applied, to detect a changed file at start-up. */
  @Column({ type: 'jsonb', nullable: true })
  systemSource!: Record<string, unknown> | null;

  /** Deleted properties: hidden from the API and the schema; their values stay until purged. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  deletedProperties!: unknown[];

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** When the purge of this archived object began: it can no longer be restored. */
  @Column({ type: 'timestamptz', nullable: true })
  purgeStartedAt!: Date | null;
}
