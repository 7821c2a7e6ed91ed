import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from 'src/database/transaction';
import type { RecordWrite, WriteStage } from './record-write';

/** Something that records a change, in the change's transaction (the timeline, webhooks' outbox). */
export interface RecordEventHook {
  onRecordWrite(write: RecordWrite, tx?: Tx): Promise<void>;
}

/** The hooks the events stage runs; none today (RecordsModule provides the list). */
export const RECORD_EVENT_HOOKS = Symbol('RECORD_EVENT_HOOKS');

/** The change is recorded: every hook runs, in order, after the rows are written. */
@Injectable()
export class RecordWriteEventsStage implements WriteStage {
  readonly name = 'events';

  constructor(@Inject(RECORD_EVENT_HOOKS) private readonly hooks: RecordEventHook[]) {}

  /** A change with hooks to run needs a transaction, even a create that is one statement. */
  get hasHooks(): boolean {
    return this.hooks.length > 0;
  }

  async run(write: RecordWrite, tx?: Tx): Promise<void> {
    for (const hook of this.hooks) {
      await hook.onRecordWrite(write, tx);
    }
  }
}
