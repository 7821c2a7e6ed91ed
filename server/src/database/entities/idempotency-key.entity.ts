import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/**
 * One `Idempotency-Key` of one organization: the request it was first used with (a hash) and,
 * once answered, the answer a retry gets again. No response yet: the first request is in flight.
 */
@Entity('idempotency_key')
@Index('IDX_idempotency_key_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_idempotency_key' })
  organizationId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_key' })
  key!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_idempotency_key_organization',
  })
  organization?: OrganizationEntity;

  /** SHA-256 of method, path and canonical body: the same key with another request is refused. */
  @Column({ type: 'text' })
  requestHash!: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  /** The answer's JSON text exactly as first sent (text, not jsonb, keeps its key order). */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
