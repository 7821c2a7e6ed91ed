/**
 * RFC 3339 date-times as JSON Schema's `date-time` format accepts them: `t` or a space for `T`,
 * `z` for `Z`, offsets with or without their colon or minutes.
 */
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt\s](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** PostgreSQL's timestamptz reads offsets up to 15:59 either way; RFC 3339 allows up to 23:59. */
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

/**
 * A date-time in the one form stored values are compared in (`2024-05-01T10:00:00Z`,
 * `2024-05-01T12:00:00.5+02:00`): date filters and runtime indexes read only that form, so a value
 * written `2024-05-01t10:00:00z` would be stored but never found. The instant, the offset and the
 * fraction stay as given. Anything else comes back unchanged (validation then refuses it).
 */
export function canonicalDateTime(value: string): string {
  const match = DATE_TIME.exec(value);
  if (!match) {
    return value;
  }
  const [, date, time, sign, hours, minutes = '00'] = match;
  const offset = sign === undefined ? 'Z' : `${sign}${hours}:${minutes}`;
  return `${date}T${time}${offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}

/** Whether PostgreSQL can read the date-time's offset (a filter on it would fail otherwise). */
export function hasStorableOffset(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) {
    return false;
  }
  const [, , , sign, hours = '0', minutes = '0'] = match;
  return sign === undefined || Number(hours) * 60 + Number(minutes) <= MAX_OFFSET_MINUTES;
}
