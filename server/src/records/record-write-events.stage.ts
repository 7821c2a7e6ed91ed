import { Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import { EventsService } from 'src/events/events.service';
import { eventsOfWrite } from './record-events';
import type { RecordWrite, WriteStage } from './record-write';

/**
 * The change is recorded: its events are appended to the event log in the write's transaction
 * (docs/architecture.md, "Timeline"), one statement for a whole batch. A single create or a
 * one-statement update wrote its events in its own statement (persist), so it stays one
 * autocommit statement.
 */
@Injectable()
export class RecordWriteEventsStage implements WriteStage {
  readonly name = 'events';

  constructor(private readonly events: EventsService) {}

  run(write: RecordWrite, tx?: Tx): Promise<void> {
    return this.runMany([write], tx);
  }

  /** The events of several writes of one transaction (a batch's updates), in one statement. */
  async runMany(writes: RecordWrite[], tx?: Tx): Promise<void> {
    const events = writes
      .filter(
        (write) => !((write.kind === 'create' || write.kind === 'update') && write.isEventWritten),
      )
      .flatMap((write) => eventsOfWrite(write));
    if (events.length > 0) {
      await this.events.append(events, tx);
    }
  }
}
