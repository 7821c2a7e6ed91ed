import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One try to send a delivery: the delivery log. */
@Entity('webhook_delivery_attempt')
export class WebhookDeliveryAttemptEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_webhook_delivery_attempt' })
  deliveryId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_webhook_delivery_attempt' })
  attempt!: number;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'delivery_id',
    foreignKeyConstraintName: 'FK_webhook_delivery_attempt_delivery',
  })
  delivery?: WebhookDeliveryEntity;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'timestamptz' })
  attemptedAt!: Date;

  /** succeeded | failed */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'integer' })
  latencyMs!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
