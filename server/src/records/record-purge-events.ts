import type { Tx } from 'src/database/transaction';

/**
 * The hook point of "purged means gone everywhere" (issue 14, README "Recycle bin"): a purge
 * (`DELETE …?permanent=true`, the admin purge, the retention purge) removes the record, its links
 * and its unique values in `tx`, then calls this with the purged ids, so the event log's copies
 * of their values (`created`/`updated`/`deleted` events' `data`) are erased in the same
 * transaction. The event log (`server/src/events/`, below records/) does not exist yet: until it
 * does there is nothing to erase.
 */
// TODO(#14): erase the purged records' values from the `event` table once events/ owns it.
export function erasePurgedRecordValuesFromEvents(
  _organizationId: string,
  _recordIds: readonly string[],
  _tx: Tx,
): Promise<void> {
  return Promise.resolve();
}
