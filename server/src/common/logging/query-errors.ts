interface DriverErrorLike {
  code?: unknown;
  table?: unknown;
  constraint?: unknown;
}

/**
 * What a failed statement may say in a log: its SQLSTATE, table and constraint. Never its
 * parameters or PostgreSQL's message and detail, which quote record values (docs/domain.md,
 * "Sensitive data").
 */
export function describeQueryError(error: unknown): string {
  const driver = (
    typeof error === 'object' && error !== null && 'driverError' in error
      ? error.driverError
      : error
  ) as DriverErrorLike | null | undefined;
  const parts = [`SQLSTATE ${typeof driver?.code === 'string' ? driver.code : 'unknown'}`];
  if (typeof driver?.table === 'string') {
    parts.push(`table ${driver.table}`);
  }
  if (typeof driver?.constraint === 'string') {
    parts.push(`constraint ${driver.constraint}`);
  }
  return parts.join(', ');
}
