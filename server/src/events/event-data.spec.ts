import { BUILT_IN_PERMISSIONS, type Permissions } from 'src/organizations/permissions';
import { decodeFeedCursor, encodeFeedCursor } from './event-cursor';
import { MASK, maskProperties, propertyChanges } from './event-data';
import { linkKey, rewindRecord, type RecordState } from './event-replay';
import { visibleEvent } from './event-visibility';
import type { StoredEvent } from './event.types';

const SENSITIVE = new Set(['ssn']);

describe(maskProperties.name, () => {
  it('masks sensitive values and keeps the rest', () => {
    expect(maskProperties({ name: 'Ann', ssn: '123' }, SENSITIVE)).toEqual({
      name: 'Ann',
      ssn: MASK,
    });
  });

  it('keeps an unset sensitive value unset', () => {
    expect(maskProperties({ name: 'Ann', ssn: null }, SENSITIVE)).toEqual({
      name: 'Ann',
      ssn: null,
    });
  });
});

describe(propertyChanges.name, () => {
  it('lists each changed, added and removed property with its old and new value', () => {
    expect(
      propertyChanges({ a: 1, b: 'x', c: true }, { a: 2, b: 'x', d: 'new' }, new Set()),
    ).toEqual({
      a: { old: 1, new: 2 },
      c: { old: true, new: null },
      d: { old: null, new: 'new' },
    });
  });

  it('treats objects with the same keys in another order as unchanged', () => {
    expect(
      propertyChanges({ j: { x: 1, y: [1, 2] } }, { j: { y: [1, 2], x: 1 } }, new Set()),
    ).toEqual({});
    expect(propertyChanges({ j: { y: [1, 2] } }, { j: { y: [2, 1] } }, new Set())).toEqual({
      j: { old: { y: [1, 2] }, new: { y: [2, 1] } },
    });
  });

  it('masks a sensitive change on both sides, keeping whether it was set', () => {
    expect(propertyChanges({ ssn: '1' }, { ssn: '2' }, SENSITIVE)).toEqual({
      ssn: { old: MASK, new: MASK },
    });
    expect(propertyChanges({}, { ssn: '2' }, SENSITIVE)).toEqual({
      ssn: { old: null, new: MASK },
    });
  });
});

describe('feed cursors', () => {
  it('round-trips a position and refuses a foreign cursor', () => {
    const cursor = encodeFeedCursor({ txId: '1234', id: '99' });
    expect(decodeFeedCursor(cursor)).toEqual({ txId: '1234', id: '99' });
    expect(() => decodeFeedCursor('bm9wZQ')).toThrow('after is not a cursor');
  });
});

function anEvent(overrides: Partial<StoredEvent>): StoredEvent {
  return {
    id: '1',
    occurred_at: '2026-01-02T00:00:00.000Z',
    type: 'updated',
    object_name: 'deal',
    record_id: 'r1',
    record_version: 2,
    actor: 'system',
    source: 'system',
    request_id: null,
    cause_event_id: null,
    data: {},
    ...overrides,
  };
}

describe(rewindRecord.name, () => {
  const now: RecordState = {
    properties: { stage: 'won', name: 'D' },
    version: 3,
    owner_id: null,
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-03T00:00:00Z'),
    created_by: 'system',
    updated_by: 'system',
  };

  it('undoes the updates and links after the instant, newest first', () => {
    const key = linkKey('t1', 'from');
    const result = rewindRecord(
      now,
      new Map([[key, new Set(['c2'])]]),
      [
        anEvent({ record_version: 3, data: { changes: { stage: { old: 'lead', new: 'won' } } } }),
        anEvent({
          type: 'associated',
          record_version: null,
          data: { association_type: 't1', from_id: 'r1', to_id: 'c2', side: 'from' },
        }),
        anEvent({
          type: 'dissociated',
          record_version: null,
          data: { association_type: 't1', from_id: 'r1', to_id: 'c1', side: 'from' },
        }),
        anEvent({ record_version: 2, data: { changes: { note: { old: null, new: 'x' } } } }),
      ],
      new Date('2026-01-01T12:00:00Z'),
    );
    expect(result?.state.properties).toEqual({ stage: 'lead', name: 'D' });
    expect(result?.state.version).toBe(1);
    expect([...(result?.links.get(key) ?? [])]).toEqual(['c1']);
  });

  it('answers nothing before the record was created', () => {
    expect(
      rewindRecord(now, new Map(), [anEvent({ type: 'created' })], new Date()),
    ).toBeUndefined();
    expect(rewindRecord(now, new Map(), [], new Date('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('starts a deleted record from the values its deletion recorded', () => {
    const result = rewindRecord(
      undefined,
      new Map(),
      [
        anEvent({
          type: 'deleted',
          record_version: 4,
          data: {
            properties: { name: 'Gone' },
            owner_id: null,
            created_at: '2026-01-01T00:00:00Z',
          },
        }),
      ],
      new Date('2026-01-02T00:00:00Z'),
    );
    expect(result?.state).toMatchObject({ properties: { name: 'Gone' }, version: 3 });
  });
});

describe(visibleEvent.name, () => {
  const hidesAmount: Permissions = {
    ...BUILT_IN_PERMISSIONS.member,
    objects: {
      ...BUILT_IN_PERMISSIONS.member.objects,
      company: { read: 'none', create: 'none', update: 'none', delete: 'none' },
    },
    properties: { deal: { amount: 'hidden' } },
  };

  it('removes hidden properties and drops what the role may not see at all', () => {
    const both = anEvent({
      data: { changes: { amount: { old: 1, new: 2 }, stage: { old: 'a', new: 'b' } } },
    });
    expect(visibleEvent(hidesAmount, both)?.data).toEqual({
      changes: { stage: { old: 'a', new: 'b' } },
    });
    expect(
      visibleEvent(hidesAmount, anEvent({ data: { changes: { amount: { old: 1, new: 2 } } } })),
    ).toBeUndefined();
    expect(
      visibleEvent(hidesAmount, anEvent({ type: 'associated', data: { other_object: 'company' } })),
    ).toBeUndefined();
    expect(visibleEvent(hidesAmount, anEvent({ object_name: 'company' }))).toBeUndefined();
    expect(visibleEvent(BUILT_IN_PERMISSIONS.admin, both)).toBe(both);
  });
});
