import { Injectable } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { actorText } from './record-actors';
import { displayName, searchText, uniqueClaims } from './record-body.rules';
import {
  applyCreateTransitions,
  applyUpdateTransitions,
  hasTransitions,
} from './record-transitions.rules';
import type { CreateWrite, RecordWrite, WriteStage } from './record-write';
import type { RecordValues } from './records.repository';

/**
 * The definition's rules on a valid record: what is stored besides the properties (display name,
 * search text) and the unique values it claims (the database refuses a taken one at persist).
 * Status transitions first (record-transitions.rules.ts: allowed moves, initial states, pipelines,
 * required and stamped properties on entry, role overrides), from the cached definition alone.
 * Duplicate rules plug in here.
 */
@Injectable()
export class RecordWriteRulesStage implements WriteStage {
  readonly name = 'rules';

  run(write: RecordWrite): Promise<void> {
    const { kind } = write;
    if (kind === 'create') {
      if (hasTransitions(write.definition)) {
        createTransitions(write);
      }
      for (const draft of write.drafts) {
        draft.values = storedValues(write, draft.properties, draft.ownerId);
        draft.claims = uniqueClaims(write.definition, draft.properties);
      }
    } else if (kind === 'update') {
      if (hasTransitions(write.definition)) {
        applyUpdateTransitions(
          write.definition,
          { role: write.context.role, isTrusted: write.isTrusted, now: new Date() },
          write.body,
          write.current?.properties ?? {},
          write,
        );
      }
      const { definition, current, merged } = write;
      const ownerId = write.ownerId !== undefined ? write.ownerId : (current?.owner_id ?? null);
      write.values = storedValues(write, merged, ownerId);
      const before = new Map(
        uniqueClaims(definition, current?.properties ?? {}).map((c) => [c.property, c.value]),
      );
      const after = uniqueClaims(definition, merged);
      write.released = definition.properties
        .filter((p) => p.unique)
        .map((p) => p.name)
        .filter((name) => before.get(name) !== after.find((c) => c.property === name)?.value);
      write.claims = after.filter((c) => write.released.includes(c.property));
    }
    return Promise.resolve();
  }
}

function storedValues(
  write: RecordWrite & { kind: 'create' | 'update' },
  properties: Record<string, unknown>,
  ownerId: string | null,
): RecordValues {
  return {
    properties,
    displayName: displayName(write.definition, properties),
    searchText: searchText(write.definition, properties),
    ownerId,
    actor: actorText(write.context.actor),
  };
}

/** Each draft's transitions; a batch answers with every refused record, by index, like validate. */
function createTransitions(write: CreateWrite): void {
  const actor = { role: write.context.role, isTrusted: write.isTrusted, now: new Date() };
  const failures: Array<{ index: number; error: AppError }> = [];
  write.drafts.forEach((draft, index) => {
    try {
      applyCreateTransitions(write.definition, actor, draft.body, draft.properties);
    } catch (error) {
      if (!write.isBatch || !(error instanceof AppError)) {
        throw error;
      }
      failures.push({ index, error });
    }
  });
  const [first] = failures;
  if (!first) {
    return;
  }
  const errors: FieldErrors = {};
  for (const { index, error } of failures) {
    for (const [field, message] of Object.entries(error.errors ?? {})) {
      errors[`${index}.${field}`] = message;
    }
  }
  const { definition, drafts } = write;
  throw new AppError(
    first.error.code,
    `${failures.length} of ${drafts.length} ${definition.name} records are refused; nothing was created. First: #${first.index}: ${first.error.message}`,
    errors,
    {
      failed_indexes: failures.map((failure) => failure.index),
      first: first.error.details ?? null,
    },
  );
}
