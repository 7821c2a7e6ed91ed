import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import type { Tx } from 'src/database/transaction';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { actorText } from './record-actors';
import { displayName, searchText, uniqueClaims } from './record-body.rules';
import { RecordDuplicateMatcher } from './record-duplicates';
import { compositeKeyClaims, keyClaimName, matchKeys } from './record-match-keys';
import {
  applyCreateTransitions,
  applyUpdateTransitions,
  hasTransitions,
} from './record-transitions.rules';
import type { CreateWrite, RecordWrite, WriteStage } from './record-write';
import type { RecordValues, UniqueClaim } from './records.repository';

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

  private readonly phoneCountry: string;

  constructor(
    private readonly duplicates: RecordDuplicateMatcher,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'phoneCountry'>,
  ) {
    this.phoneCountry = config?.phoneCountry ?? 'US';
  }

  async run(write: RecordWrite, tx?: Tx): Promise<void> {
    const { kind } = write;
    if (kind === 'create') {
      if (hasTransitions(write.definition)) {
        createTransitions(write);
      }
      for (const draft of write.drafts) {
        draft.values = this.storedValues(write, draft.properties, draft.ownerId);
        draft.claims = claimsOf(write.definition, draft.properties);
      }
      await this.duplicates.checkCreate(write, tx);
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
      write.values = this.storedValues(write, merged, ownerId);
      const before = new Map(
        claimsOf(definition, current?.properties ?? {}).map((c) => [c.property, c.value]),
      );
      const after = claimsOf(definition, merged);
      write.released = [
        ...definition.properties.filter((p) => p.unique).map((p) => p.name),
        ...(definition.keys ?? []).map((key) => keyClaimName(key.name)),
      ].filter((name) => before.get(name) !== after.find((c) => c.property === name)?.value);
      write.claims = after.filter((c) => write.released.includes(c.property));
    }
  }

  private storedValues(
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
      matchKeys: matchKeys(write.definition, properties, this.phoneCountry),
    };
  }
}

/** The unique values a record claims: its unique properties' and its composite keys'. */
function claimsOf(
  definition: CompiledDefinition,
  properties: Record<string, unknown>,
): UniqueClaim[] {
  return [...uniqueClaims(definition, properties), ...compositeKeyClaims(definition, properties)];
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
