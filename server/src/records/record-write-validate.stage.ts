import { Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { assertValid } from './record-body.rules';
import type { CreateWrite, RecordWrite, WriteStage } from './record-write';

/**
 * The record against its definition's compiled JSON Schema (AJV): a create validates the body,
 * an update the merged record. A batch answers with every record's failures, by index
 * (`errors["3.email"]`); nothing is written.
 */
@Injectable()
export class RecordWriteValidateStage implements WriteStage {
  readonly name = 'validate';

  run(write: RecordWrite): Promise<void> {
    // A refusal rejects the promise (the executor turns a throw into a rejection).
    return new Promise((resolve) => {
      if (write.kind === 'create') {
        validateCreate(write);
      } else if (write.kind === 'update') {
        assertValid(write.definition, write.visible);
      }
      resolve();
    });
  }
}

function validateCreate(write: CreateWrite): void {
  for (const draft of write.drafts.filter((d) => !d.error)) {
    try {
      assertValid(write.definition, draft.properties);
    } catch (error) {
      if (!write.isBatch || !(error instanceof AppError)) {
        throw error;
      }
      draft.error = error;
    }
  }
  const failures = write.drafts.flatMap((draft, index) =>
    draft.error ? [{ index, error: draft.error }] : [],
  );
  const [first] = failures;
  if (!first) {
    return;
  }
  const errors: FieldErrors = {};
  for (const { index, error } of failures) {
    for (const [field, message] of Object.entries(error.errors ?? { '(record)': error.message })) {
      errors[`${index}.${field}`] = message;
    }
  }
  const { definition, drafts } = write;
  throw new AppError(
    ErrorCode.ValidationFailed,
    `${failures.length} of ${drafts.length} ${definition.name} records are invalid; nothing was created. First: #${first.index}: ${first.error.message}`,
    errors,
    { failed_indexes: failures.map((failure) => failure.index) },
  );
}
