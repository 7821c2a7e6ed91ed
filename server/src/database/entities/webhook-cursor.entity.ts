import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How far the webhook fan-out has read the event log (its feed cursor), moved in the transaction
 * that inserts the deliveries of the events read. One row, `fanout`, for every organization.
 */
@Entity('webhook_cursor')
export class WebhookCursorEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhook_cursor' })
  name!: string;

  /** The event feed's opaque cursor; null: from the start of the log. */
  @Column({ type: 'text', nullable: true })
  position!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
