import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One entry of the event log (migration 1766200000000-event-log.ts, docs/architecture.md
 * "Timeline"). Written and read with SQL by `events/` only, or by its fragments in `event-sql.ts`
 * (records' one-statement create, webhooks' delivery bodies); `xid8` and the partial index are
 * beyond TypeORM's schema builder, so the migration alone defines the table.
 */
@Entity({ name: 'event', synchronize: false })
export class EventEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  /** The writing transaction (`xid8`): the change feed's commit order. */
  @Column({ type: 'text' })
  txId!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  objectName!: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordId!: string | null;

  @Column({ type: 'integer', nullable: true })
  recordVersion!: number | null;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  causeEventId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;
}
