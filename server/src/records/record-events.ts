import { maskProperties, propertyChanges } from 'src/events/event-data';
import type { NewEvent } from 'src/events/event.types';
import { eventOrigin } from 'src/events/events.service';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import { statusPropertyNames } from './record-transitions.rules';
import type { CreateWrite, LinkWrite, RecordDraft, RecordWrite } from './record-write';

/**
 * The events a record write appends (docs/architecture.md, "Timeline"), in its transaction:
 * `created` per new record, `updated` with each changed property's old and new value (and `status_changed` for a status
 * property's move), `deleted`
 * with the values it had (none when purged), `restored` with the values it has again, `merged` at both records of a merge,
 * `associated` / `dissociated` at each end of a link. Sensitive
 * properties are masked.
 */
export function eventsOfWrite(write: RecordWrite): NewEvent[] {
  switch (write.kind) {
    case 'create':
      return write.drafts.map((draft, index) =>
        createdEvent(write, draft, write.rows[index]?.version ?? 1),
      );
    case 'update': {
      // From what is written (the rules stage's values), so that the one-statement update can
      // write its events in its own statement, before any row came back.
      const before = write.current;
      const after = write.values;
      if (!before || !after) {
        throw new Error('An update reached the events stage without its values');
      }
      const changes = propertyChanges(
        before.properties,
        after.properties,
        sensitiveOf(write.definition),
      );
      if (before.owner_id !== after.ownerId) {
        changes.owner_id = { old: before.owner_id, new: after.ownerId };
      }
      const version = before.version + 1;
      const events = [recordEvent(write, 'updated', write.id, version, { changes })];
      // A status property's move is also its own event (pipelines' history, webhooks on a stage).
      for (const name of statusPropertyNames(write.definition)) {
        const change = changes[name];
        if (change) {
          events.push(
            recordEvent(write, 'status_changed', write.id, version, {
              property: name,
              old: change.old,
              new: change.new,
            }),
          );
        }
      }
      return events;
    }
    case 'delete': {
      const before = write.current;
      if (!before) {
        throw new Error('A delete reached the events stage without its row');
      }
      // A purge keeps no values: its earlier events' values were erased in this transaction.
      if (write.isPermanent) {
        return [recordEvent(write, 'deleted', write.id, before.version + 1, { permanent: true })];
      }
      return [
        recordEvent(write, 'deleted', write.id, before.version + 1, {
          properties: maskProperties(before.properties, sensitiveOf(write.definition)),
          owner_id: before.owner_id,
          created_at: before.created_at,
        }),
      ];
    }
    case 'restore': {
      const after = write.row;
      if (!after) {
        throw new Error('A restore reached the events stage without its row');
      }
      return [
        recordEvent(write, 'restored', write.id, after.version, {
          properties: maskProperties(after.properties, sensitiveOf(write.definition)),
          owner_id: after.owner_id,
        }),
      ];
    }
    case 'merge': {
      const before = write.current;
      if (!before) {
        throw new Error('A merge reached the events stage without its row');
      }
      const data = { merged_id: write.id, survivor_id: write.survivorId };
      return [
        recordEvent(write, 'merged', write.id, before.version + 1, data),
        recordEvent(write, 'merged', write.survivorId, null, data),
      ];
    }
    case 'link':
      return linkEvents(write);
  }
}

/** The `created` event of one new record (also written by the one-statement create itself). */
export function createdEvent(write: CreateWrite, draft: RecordDraft, version: number): NewEvent {
  const properties = draft.values?.properties ?? draft.properties;
  return recordEvent(write, 'created', draft.id, version, {
    properties: maskProperties(properties, sensitiveOf(write.definition)),
    owner_id: draft.values?.ownerId ?? draft.ownerId,
  });
}

function recordEvent(
  write: Exclude<RecordWrite, LinkWrite>,
  type: NewEvent['type'],
  recordId: string,
  version: number | null,
  data: Record<string, unknown>,
): NewEvent {
  return {
    organizationId: write.scope.organizationId,
    type,
    objectName: write.definition.name,
    recordId,
    recordVersion: version,
    ...eventOrigin(write.context),
    data,
  };
}

/** One event at each end of every link made or removed (a self-link: two, at the one record). */
function linkEvents(write: LinkWrite): NewEvent[] {
  const type = write.action === 'link' ? 'associated' : 'dissociated';
  const pairs =
    write.action === 'unlinkAll'
      ? (write.removedPairs ?? [])
      : (write.action === 'link' && write.outcome === 'linked') ||
          (write.action === 'unlink' && write.removed === true)
        ? [{ fromId: write.fromId ?? '', toId: write.toId ?? '' }]
        : [];
  const [fromEnd, toEnd] = write.ends ?? [];
  const origin = eventOrigin(write.context);
  return pairs.flatMap(({ fromId, toId }) =>
    (
      [
        ['from', fromId, fromEnd?.object, toEnd?.object],
        ['to', toId, toEnd?.object, fromEnd?.object],
      ] as const
    ).map(([side, recordId, objectName, otherObject]) => ({
      organizationId: write.organizationId,
      type,
      objectName: objectName ?? null,
      recordId,
      recordVersion: null,
      ...origin,
      data: {
        association_type: write.associationType,
        from_id: fromId,
        to_id: toId,
        side,
        other_object: otherObject ?? null,
      },
    })),
  );
}

const SENSITIVE = new WeakMap<CompiledDefinition, ReadonlySet<string>>();

/** The definition's sensitive properties (computed once per compiled definition). */
function sensitiveOf(definition: CompiledDefinition): ReadonlySet<string> {
  let names = SENSITIVE.get(definition);
  if (!names) {
    names = new Set(definition.properties.filter((p) => p.sensitive).map((p) => p.name));
    SENSITIVE.set(definition, names);
  }
  return names;
}
