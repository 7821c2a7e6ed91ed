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

/**
 * Where an organization wants its events sent (README, "Timeline and webhooks"): a URL, the event
 * types and objects it wants, an optional filter, the Standard Webhooks secret it is signed with.
 */
@Entity('webhook_subscription')
@Index('IDX_webhook_subscription_organization', ['organizationId', 'createdAt'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_subscription' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'FK_webhook_subscription_organization',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Event types (`created`, `updated`, …) or `*` for all. */
  @Column({ type: 'jsonb' })
  eventTypes!: string[];

  /** Object names; null: every object. */
  @Column({ type: 'jsonb', nullable: true })
  objectNames!: string[] | null;

  /** `{ "property": "stage", "equals": "won" }`; null: no filter. */
  @Column({ type: 'jsonb', nullable: true })
  filter!: Record<string, unknown> | null;

  /**
   * `whsec_…`: kept in clear (not encrypted at rest) because signing needs it; shown once at
   * creation and never again by the API.
   */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ type: 'boolean', default: true })
  isEnabled!: boolean;

  /** Why the worker (or an admin) disabled it; null while enabled. */
  @Column({ type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** Attempts that failed since the last success. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** The first failed attempt since the last success; null when the last attempt succeeded. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
