import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { entityTagOf, ifMatchHolds } from 'src/common/http/if-match';
import { visible, withDefaults, withoutNulls, writableProperties } from './record-body.rules';
import { splitReferences } from './record-references';
import type { CreateWrite, RecordWrite, WriteStage } from './record-write';
import type { RecordRow } from './records.repository';

/**
 * The body as the record it would make: reference fields (`company_id`) apart, the record's own
 * fields and (unless trusted) read-only properties dropped, defaults filled in, nulls removed;
 * for an update or delete, merged with the stored record the authorize stage locked. Validation needs the record as
 * it would be stored, so defaults and read-only are applied here, before it. An If-Match is
 * checked here too, under the row lock the write holds until it commits: of two editors who read
 * the same version, the second waits for the first and then finds the version moved on (412).
 * Checking before validation answers a stale edit with 412 whatever its body.
 */
@Injectable()
export class RecordWriteNormalizeStage implements WriteStage {
  readonly name = 'normalize';

  run(write: RecordWrite): Promise<void> {
    return new Promise((resolve) => {
      switch (write.kind) {
        case 'create':
          normalizeCreate(write);
          break;
        case 'update': {
          const split = splitReferences(write.body, write.sides);
          write.references = split.references;
          const changes = writableProperties(write.definition, split.body, write);
          const current = checkedCurrent(write);
          // Values of deleted properties stay stored (they come back on restore) but are not validated.
          write.merged = withoutNulls({ ...current.properties, ...changes });
          write.visible = withoutNulls({
            ...visible(write.definition, current.properties),
            ...changes,
          });
          break;
        }
        case 'delete':
        case 'restore':
          checkedCurrent(write);
          break;
        case 'link':
          break;
      }
      resolve();
    });
  }
}

/** The row the authorize stage locked, its version checked against the client's If-Match. */
function checkedCurrent(
  write: Extract<RecordWrite, { kind: 'update' | 'delete' | 'restore' }>,
): RecordRow {
  const row = write.current;
  if (!row) {
    throw new Error(`A ${write.kind} reached normalize without its locked row`);
  }
  if (!ifMatchHolds(write.ifMatch, row.version)) {
    throw new AppError(
      ErrorCode.PreconditionFailed,
      `This ${write.definition.name} was changed by someone else: it is at version ${row.version}, not the one If-Match names; read it again (ETag ${entityTagOf(row.version)}) and redo the change`,
      undefined,
      { current_version: row.version },
    );
  }
  return row;
}

/** A batch keeps each record's refusal (validate answers with all of them); a single create throws. */
export function normalizeCreate(write: CreateWrite): void {
  for (const draft of write.drafts) {
    try {
      const split = splitReferences(draft.body, write.sides);
      draft.references = split.references;
      draft.properties = withoutNulls(
        withDefaults(write.definition, writableProperties(write.definition, split.body, write)),
      );
    } catch (error) {
      if (!write.isBatch || !(error instanceof AppError)) {
        throw error;
      }
      draft.error = error;
    }
  }
}
