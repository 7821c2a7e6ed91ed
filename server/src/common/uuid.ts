import { v7 } from 'uuid';

/** A UUID in its canonical text form (record, organization and link ids). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new record id: UUIDv7 (time-ordered, monotonic within the process), so inserts append to the
 * primary-key btree instead of writing random pages of it.
 */
export function newRecordId(): string {
  return v7();
}
