import { createHash } from 'node:crypto';
import type { SortOrder } from 'src/common/http/list-query';
import { UUID } from 'src/common/uuid';
import type { SortTarget } from './record-list-query';
import { containsNul } from './record-properties.validator';

/**
 * How a sort key's values travel in a cursor (as text) and are cast back in SQL. Timestamps are
 * written in UTC with microseconds, so a cursor names the exact value PostgreSQL ordered by.
 */
export type KeyType = 'numeric' | 'timestamptz' | 'text' | 'uuid' | 'real';

/** One key of a search's order. */
export interface SearchSortKey {
  target: SortTarget;
  order: SortOrder;
  /** Property values may be missing: those records come last, whichever the direction. */
  isNullable: boolean;
  keyType: KeyType;
}

/** Bumped when the cursor's content changes meaning: older cursors become stale (400). */
const CURSOR_VERSION = 1;
export const MAX_CURSOR_LENGTH = 8192;
const MAX_TEXT_KEY_LENGTH = 2000;
const DECIMAL = /^-?\d{1,1000}(\.\d{1,1000})?$/;
const REAL = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const UTC_TIMESTAMP = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
/** Within float4's normal range, so PostgreSQL's `::real` accepts it. */
const REAL_RANGE = { min: 1e-37, max: 1e37 };

function describeTarget(target: SortTarget): string {
  switch (target.kind) {
    case 'rank':
      // The rank of a record depends on the query: another query, another order.
      return `rank:${target.q}`;
    case 'field':
      return target.field;
    case 'property':
      return `property:${target.property.name}`;
  }
}

/** Names an order (object, keys, directions, value types): cursors carry it. */
export function sortSpecOf(objectName: string, keys: readonly SearchSortKey[]): string {
  const spec = keys.map((key) => [describeTarget(key.target), key.order, key.keyType]);
  return createHash('sha256')
    .update(JSON.stringify([objectName, spec]))
    .digest('base64url')
    .slice(0, 16);
}

/** The cursor after a record: its key values and the order they belong to, as base64url JSON. */
export function encodeCursor(sortSpec: string, values: ReadonlyArray<string | null>): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, s: sortSpec, k: values })).toString(
    'base64url',
  );
}

function isTimestamp(value: string): boolean {
  const parts = UTC_TIMESTAMP.exec(value)?.slice(1).map(Number);
  if (!parts) {
    return false;
  }
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(Date.UTC(2000, month - 1, day));
  // Day and month checked on a leap year, then February 29 against the real one.
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    (month !== 2 || day !== 29 || isLeap) &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

function isReal(value: string): boolean {
  const number = Math.abs(Number(value));
  return (
    REAL.test(value) && (number === 0 || (number >= REAL_RANGE.min && number <= REAL_RANGE.max))
  );
}

/** Whether a value can stand for the key: SQL casts it back, and a cast must never fail. */
function isKeyValue(key: SearchSortKey, value: unknown): boolean {
  if (value === null) {
    return key.isNullable;
  }
  if (typeof value !== 'string' || value.length > MAX_TEXT_KEY_LENGTH || containsNul(value)) {
    return false;
  }
  switch (key.keyType) {
    case 'numeric':
      return DECIMAL.test(value);
    case 'timestamptz':
      return isTimestamp(value);
    case 'uuid':
      return UUID.test(value);
    case 'real':
      return isReal(value);
    case 'text':
      return true;
  }
}

/**
 * The key values a cursor holds, or `null` when it is malformed, of another order (stale), or
 * holds a value the keys cannot take: tampering can only ever lead to a 400.
 */
export function decodeCursor(
  cursor: string,
  sortSpec: string,
  keys: readonly SearchSortKey[],
): Array<string | null> | null {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { v, s, k } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (v !== CURSOR_VERSION || s !== sortSpec || !Array.isArray(k) || k.length !== keys.length) {
    return null;
  }
  const values: unknown[] = k;
  return keys.every((key, index) => isKeyValue(key, values[index]))
    ? (values as Array<string | null>)
    : null;
}
