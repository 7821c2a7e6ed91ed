/** Stable, documented error codes; each maps to exactly one HTTP status (docs/architecture.md). */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  /** Wrong email or password (the same answer for both, so neither is revealed). */
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  /** A cookie-authenticated write without `X-Requested-With` (cross-site request protection). */
  CsrfRequired = 'CSRF_REQUIRED',
  NotFound = 'NOT_FOUND',
  OrganizationNotFound = 'ORGANIZATION_NOT_FOUND',
  DefinitionNotFound = 'DEFINITION_NOT_FOUND',
  RecordNotFound = 'RECORD_NOT_FOUND',
  AssociationNotFound = 'ASSOCIATION_NOT_FOUND',
  UniqueViolation = 'UNIQUE_VIOLATION',
  /** A create a `block` duplicate rule refuses: records that look the same exist (named in details). */
  Duplicate = 'DUPLICATE',
  /** A merge that cannot be: across objects or organizations, into itself, or of a merged record. */
  MergeRefused = 'MERGE_REFUSED',
  /** A link would give a record more linked records than the association's cardinality allows. */
  CardinalityConflict = 'CARDINALITY_CONFLICT',
  Conflict = 'CONFLICT',
  /** A schema change the existing data does not satisfy. */
  SchemaChangeConflict = 'SCHEMA_CHANGE_CONFLICT',
  /** A status change (or a new record's status) its state machine does not allow. */
  TransitionNotAllowed = 'TRANSITION_NOT_ALLOWED',
  /** An Idempotency-Key's request is still being answered. */
  IdempotencyKeyInFlight = 'IDEMPOTENCY_KEY_IN_FLIGHT',
  /** If-Match named another version than the record's: someone else changed it meanwhile. */
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** The write met a concurrent one (deadlock, serialization, a lock held too long): retry it. */
  TransactionConflict = 'TRANSACTION_CONFLICT',
  /** The database is busy: a statement ran too long, or no connection came free in time. */
  DatabaseBusy = 'DATABASE_BUSY',
  /** An Idempotency-Key used again with a different request. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  InternalError = 'INTERNAL_ERROR',
  /** The database is unreachable (readiness) or the server is shutting down; retry later. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.CsrfRequired]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.OrganizationNotFound]: 404,
  [ErrorCode.DefinitionNotFound]: 404,
  [ErrorCode.RecordNotFound]: 404,
  [ErrorCode.AssociationNotFound]: 404,
  [ErrorCode.UniqueViolation]: 409,
  [ErrorCode.Duplicate]: 409,
  [ErrorCode.MergeRefused]: 409,
  [ErrorCode.CardinalityConflict]: 409,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.SchemaChangeConflict]: 409,
  [ErrorCode.TransitionNotAllowed]: 409,
  [ErrorCode.IdempotencyKeyInFlight]: 409,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.TransactionConflict]: 409,
  [ErrorCode.DatabaseBusy]: 503,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.InternalError]: 500,
  [ErrorCode.ServiceUnavailable]: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/** RFC 9457's `title`: a short summary of the code that never varies between occurrences. */
const TITLE_BY_CODE: Record<ErrorCode, string> = {
  [ErrorCode.BadRequest]: 'Bad request',
  [ErrorCode.ValidationFailed]: 'Validation failed',
  [ErrorCode.Unauthenticated]: 'Not authenticated',
  [ErrorCode.InvalidCredentials]: 'Invalid credentials',
  [ErrorCode.Forbidden]: 'Forbidden',
  [ErrorCode.CsrfRequired]: 'Cross-site request refused',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.OrganizationNotFound]: 'Organization not found',
  [ErrorCode.DefinitionNotFound]: 'Object definition not found',
  [ErrorCode.RecordNotFound]: 'Record not found',
  [ErrorCode.AssociationNotFound]: 'Association not found',
  [ErrorCode.UniqueViolation]: 'Unique value taken',
  [ErrorCode.Duplicate]: 'Looks like an existing record',
  [ErrorCode.MergeRefused]: 'Merge refused',
  [ErrorCode.CardinalityConflict]: 'Cardinality conflict',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.SchemaChangeConflict]: 'Schema change conflicts with data',
  [ErrorCode.TransitionNotAllowed]: 'Transition not allowed',
  [ErrorCode.IdempotencyKeyInFlight]: 'Idempotent request in progress',
  [ErrorCode.PreconditionFailed]: 'Precondition failed',
  [ErrorCode.PayloadTooLarge]: 'Payload too large',
  [ErrorCode.TransactionConflict]: 'Concurrent change',
  [ErrorCode.DatabaseBusy]: 'Database busy',
  [ErrorCode.IdempotencyKeyReused]: 'Idempotency key reused',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.InternalError]: 'Internal error',
  [ErrorCode.ServiceUnavailable]: 'Service unavailable',
};

export function titleOf(code: ErrorCode): string {
  return TITLE_BY_CODE[code];
}
