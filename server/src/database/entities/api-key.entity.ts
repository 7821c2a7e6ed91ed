import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MemberEntity } from './member.entity';
import { OrganizationEntity } from './organization.entity';

/** An integrator's key: bound to one organization and a role or explicit scopes; stored as SHA-256. */
@Entity('api_key')
@Index('UQ_api_key_key_hash', ['keyHash'], { unique: true })
@Index('IDX_api_key_organization', ['organizationId'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_api_key_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The key's first characters, shown in lists so a person can tell keys apart. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'bytea' })
  keyHash!: Buffer;

  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  scopes!: string[] | null;

  /** The member who made it (null: the command line); "own" scopes reach this member's records. */
  @Column({ type: 'uuid', nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_api_key_member' })
  member?: MemberEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
