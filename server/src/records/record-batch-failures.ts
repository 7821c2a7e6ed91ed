import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';

/**
 * The refusals of a batch, by the index of the record in the request: a batch is all or nothing,
 * and its one error names every failing record (`errors["3.email"]`, `details.failed_indexes`).
 */
export class BatchFailures {
  private readonly failures: Array<{ index: number; error: AppError }> = [];

  /** A refusal of the record at `index`; anything but an AppError is a bug and is thrown on. */
  add(index: number, error: unknown): void {
    if (!(error instanceof AppError)) {
      throw error;
    }
    this.failures.push({ index, error });
  }

  /**
   * A refusal of several records at once (a batch create's), its field errors keyed by the
   * position among `indexes` (`"0.email"`), mapped to the request's indexes.
   */
  addMany(indexes: number[], error: unknown): void {
    if (!(error instanceof AppError)) {
      throw error;
    }
    const byIndex = new Map<number, FieldErrors>();
    for (const [field, message] of Object.entries(error.errors ?? {})) {
      const match = /^(\d+)\.(.*)$/.exec(field);
      const index = match ? indexes[Number(match[1])] : undefined;
      if (match && index !== undefined) {
        byIndex.set(index, { ...byIndex.get(index), [match[2] ?? '']: message });
      }
    }
    if (byIndex.size === 0) {
      this.failures.push({ index: indexes[0] ?? 0, error });
      return;
    }
    for (const [index, errors] of byIndex) {
      this.failures.push({
        index,
        error: new AppError(error.code, Object.values(errors).join('; '), errors),
      });
    }
  }

  get count(): number {
    return this.failures.length;
  }

  /** Throws the batch's one error when any record was refused (the transaction then rolls back). */
  throwIfAny(objectName: string, total: number, verb: string): void {
    const failures = [...this.failures].sort((a, b) => a.index - b.index);
    const [first] = failures;
    if (!first) {
      return;
    }
    const errors: FieldErrors = {};
    for (const { index, error } of failures) {
      for (const [field, message] of Object.entries(
        error.errors ?? { '(record)': error.message },
      )) {
        errors[`${index}.${field}`] = message;
      }
    }
    const codes = new Set(failures.map((failure) => failure.error.code));
    throw new AppError(
      codes.size === 1 ? first.error.code : ErrorCode.ValidationFailed,
      `${failures.length} of ${total} ${objectName} records failed; nothing was ${verb}. First: #${first.index}: ${first.error.message}`,
      errors,
      { failed_indexes: [...new Set(failures.map((failure) => failure.index))] },
    );
  }
}
