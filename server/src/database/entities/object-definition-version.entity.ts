import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ObjectDefinitionEntity } from './object-definition.entity';
import { OrganizationEntity } from './organization.entity';

/** One change of a definition: who, when, what (a JSON Patch) and the definition as it became. */
@Entity('object_definition_version')
@Index('UQ_object_definition_version', ['objectDefinitionId', 'version'], { unique: true })
export class ObjectDefinitionVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_object_definition_version_organization',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid' })
  objectDefinitionId!: string;

  @ManyToOne(() => ObjectDefinitionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'object_definition_id',
    foreignKeyConstraintName: 'FK_object_definition_version_definition',
  })
  objectDefinition?: ObjectDefinitionEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;

  /** The member who made the change; null when Plinth did (start-up upgrade, import by CLI). */
  @Column({ type: 'text', nullable: true })
  changedBy!: string | null;

  @Column({ type: 'text' })
  summary!: string;

  /** RFC 6902 operations from the previous version (properties keyed by name). */
  @Column({ type: 'jsonb' })
  diff!: unknown[];

  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;
}
