import { Injectable } from '@nestjs/common';
import { AppError } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import { entityTagOf, ifMatchHolds } from 'src/common/http/if-match';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { visible, withDefaults, withoutNulls, writableProperties } from './record-body.rules';
import { withDerivedDomains } from './record-match-keys';
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
          const current = checkedCurrent(write);
          const written = writableProperties(write.definition, split.body, write);
          const changes = write.accumulate
            ? accumulated(write.definition, current.properties, written)
            : written;
          // Values of deleted properties stay stored (they come back on restore) but are not validated.
          write.merged = withDerivedDomains(
            write.definition,
            withoutNulls({ ...current.properties, ...changes }),
          );
          write.visible = withDerivedDomains(
            write.definition,
            withoutNulls({ ...visible(write.definition, current.properties), ...changes }),
          );
          break;
        }
        case 'delete':
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
function checkedCurrent(write: Extract<RecordWrite, { kind: 'update' | 'delete' }>): RecordRow {
  const row = write.current;
  if (!row) {
    throw new Error('An update or delete reached normalize without its locked row');
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
      draft.properties = withDerivedDomains(
        write.definition,
        withoutNulls(
          withDefaults(write.definition, writableProperties(write.definition, split.body, write)),
        ),
      );
    } catch (error) {
      if (!write.isBatch || !(error instanceof AppError)) {
        throw error;
      }
      draft.error = error;
    }
  }
}

/** Multi-select values added to the stored ones (upsert, merge): roles accumulate, never drop. */
function accumulated(
  definition: CompiledDefinition,
  stored: Record<string, unknown>,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...changes };
  for (const [name, value] of Object.entries(changes)) {
    const before = Object.hasOwn(stored, name) ? stored[name] : undefined;
    if (
      definition.propertyByName.get(name)?.type === 'multi_enumeration' &&
      Array.isArray(value) &&
      Array.isArray(before)
    ) {
      result[name] = [...new Set<unknown>([...(before as unknown[]), ...(value as unknown[])])];
    }
  }
  return result;
}
