import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/database/database.tokens';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { actorText } from './record-actors';
import { displayName, searchText, uniqueClaims } from './record-body.rules';
import { compositeKeyClaims, keyClaimName, matchKeys } from './record-match-keys';
import type { RecordWrite, WriteStage } from './record-write';
import type { RecordValues, UniqueClaim } from './records.repository';

/**
 * The definition's rules on a valid record: what is stored besides the properties (display name,
 * search text) and the unique values it claims (the database refuses a taken one at persist).
 * Status transitions and duplicate rules plug in here.
 */
@Injectable()
export class RecordWriteRulesStage implements WriteStage {
  readonly name = 'rules';

  private readonly phoneCountry: string;

  constructor(@Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'phoneCountry'>) {
    this.phoneCountry = config?.phoneCountry ?? 'US';
  }

  run(write: RecordWrite): Promise<void> {
    const { kind } = write;
    if (kind === 'create') {
      for (const draft of write.drafts) {
        draft.values = this.storedValues(write, draft.properties, draft.ownerId);
        draft.claims = claimsOf(write.definition, draft.properties);
      }
    } else if (kind === 'update') {
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
    return Promise.resolve();
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
