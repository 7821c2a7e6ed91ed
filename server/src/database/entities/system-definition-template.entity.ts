import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The shipped system definitions as stored rows, with their first history row: a new
 * organization's system objects are copied from here by one `INSERT … SELECT` each for the
 * definitions and their history, with no JSON sent or parsed per organization. Written by the
 * first provisioning of each server process when the shipped files changed (`content_hash`).
 */
@Entity('system_definition_template')
export class SystemDefinitionTemplateEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_system_definition_template' })
  name!: string;

  /** SHA-256 of the row's content: a provisioning copies only rows of the files it shipped with. */
  @Column({ type: 'text' })
  contentHash!: string;

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

  @Column({ type: 'jsonb' })
  properties!: unknown[];

  @Column({ type: 'jsonb' })
  jsonSchema!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  primaryDisplayProperty!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  identity!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  systemSource!: Record<string, unknown>;

  @Column({ type: 'text' })
  versionSummary!: string;

  @Column({ type: 'jsonb' })
  versionDiff!: unknown[];

  @Column({ type: 'jsonb' })
  versionSnapshot!: Record<string, unknown>;
}
