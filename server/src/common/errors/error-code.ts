/** Stable, documented error codes; each maps to exactly one HTTP status (STYLE.md §7). */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  OrganizationNotFound = 'ORGANIZATION_NOT_FOUND',
  DefinitionNotFound = 'DEFINITION_NOT_FOUND',
  RecordNotFound = 'RECORD_NOT_FOUND',
  AssociationNotFound = 'ASSOCIATION_NOT_FOUND',
  UniqueViolation = 'UNIQUE_VIOLATION',
  /** A link would give a record more linked records than the association's cardinality allows. */
  CardinalityConflict = 'CARDINALITY_CONFLICT',
  Conflict = 'CONFLICT',
  /** A schema change the existing data does not satisfy. */
  SchemaChangeConflict = 'SCHEMA_CHANGE_CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** The write met a concurrent one (deadlock, serialization, a lock held too long): retry it. */
  TransactionConflict = 'TRANSACTION_CONFLICT',
  /** The database is busy: a statement ran too long, or no connection came free in time. */
  DatabaseBusy = 'DATABASE_BUSY',
  InternalError = 'INTERNAL_ERROR',
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.OrganizationNotFound]: 404,
  [ErrorCode.DefinitionNotFound]: 404,
  [ErrorCode.RecordNotFound]: 404,
  [ErrorCode.AssociationNotFound]: 404,
  [ErrorCode.UniqueViolation]: 409,
  [ErrorCode.CardinalityConflict]: 409,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.SchemaChangeConflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.TransactionConflict]: 409,
  [ErrorCode.DatabaseBusy]: 503,
  [ErrorCode.InternalError]: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}
