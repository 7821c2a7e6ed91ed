import { Injectable } from '@nestjs/common';
import { actorText } from './record-actors';
import { displayName, searchText, uniqueClaims } from './record-body.rules';
import type { RecordWrite, WriteStage } from './record-write';
import type { RecordValues } from './records.repository';

/**
 * The definition's rules on a valid record: what is stored besides the properties (display name,
 * search text) and the unique values it claims (the database refuses a taken one at persist).
 * Status transitions and duplicate rules plug in here.
 */
@Injectable()
export class RecordWriteRulesStage implements WriteStage {
  readonly name = 'rules';

  run(write: RecordWrite): Promise<void> {
    const { kind } = write;
    if (kind === 'create') {
      for (const draft of write.drafts) {
        draft.values = storedValues(write, draft.properties, draft.ownerId);
        draft.claims = uniqueClaims(write.definition, draft.properties);
      }
    } else if (kind === 'update') {
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
