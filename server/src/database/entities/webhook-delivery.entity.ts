import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/**
 * One event (or test, or replay) to send to one subscription. `id` grows in the event log's commit
 * order, which is the order per record: a record's delivery waits while an earlier one of the same
 * subscription is `pending` or `retrying`.
 */
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_due', ['nextAttemptAt', 'id'], {
  where: `status IN ('pending', 'retrying')`,
})
@Index('IDX_webhook_delivery_record_order', ['subscriptionId', 'recordId', 'id'], {
  where: `status IN ('pending', 'retrying')`,
})
@Index('IDX_webhook_delivery_subscription', ['organizationId', 'subscriptionId', 'id'])
@Index('UQ_webhook_delivery_event', ['subscriptionId', 'eventId'], {
  unique: true,
  where: `replay_of IS NULL AND event_id IS NOT NULL`,
})
export class WebhookDeliveryEntity {
  @PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_webhook_delivery',
  })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'uuid' })
  subscriptionId!: string;

  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'subscription_id',
    foreignKeyConstraintName: 'FK_webhook_delivery_subscription',
  })
  subscription?: WebhookSubscriptionEntity;

  /** `webhook-id`: the same for every attempt and replay of one message. */
  @Column({ type: 'text' })
  messageId!: string;

  /** The event log's id; null for a test event. */
  @Column({ type: 'bigint', nullable: true })
  eventId!: string | null;

  @Column({ type: 'text' })
  eventType!: string;

  @Column({ type: 'uuid', nullable: true })
  recordId!: string | null;

  /**
   * What the delivery keeps of the body sent: for an event, its envelope without `data.details`
   * (the record's values), which each send and read takes from the event row, so a purge erases
   * them here too; for a test message, the whole body.
   */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** pending | retrying | delivered | parked */
  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** The delivery this one sends again (a replay). */
  @Column({ type: 'bigint', nullable: true })
  replayOf!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
