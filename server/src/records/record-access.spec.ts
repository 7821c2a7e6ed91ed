import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import type { PropertyDefinition } from 'src/object-definitions/definition.types';
import { BUILT_IN_PERMISSIONS, type Permissions } from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';
import {
  assertReachesRecord,
  propertyWriteErrors,
  readableDefinition,
  readOwnerFilter,
} from './record-access';
import { actorText } from './record-actors';
import { fieldCondition, SqlParams, visibleSearchVector } from './record-sql';

const MEMBER = '11111111-1111-4111-8111-111111111111';

function contextWith(permissions: Permissions, memberId: string | null = MEMBER): RequestContext {
  return {
    organizationId: 'org-1',
    actor: memberId ? { kind: 'member', id: memberId, userId: 'u' } : { kind: 'system', id: null },
    memberId,
    role: 'custom',
    permissions,
  };
}

const property = (name: string, type: PropertyDefinition['type']): PropertyDefinition => ({
  name,
  type,
  label: name,
});

const PROPERTIES = [property('name', 'text'), property('secret', 'text'), property('n', 'number')];
const DEAL = {
  name: 'deal',
  primary_display_property: 'secret',
  properties: PROPERTIES,
  propertyByName: new Map(PROPERTIES.map((p) => [p.name, p])),
} as unknown as CompiledDefinition;

const HIDING: Permissions = {
  objects: { '*': { read: 'own', create: 'all', update: 'own', delete: 'none' } },
  properties: { deal: { secret: 'hidden', n: 'read_only' } },
  manageDataModel: false,
  manageAccess: false,
};

describe('record-access', () => {
  describe(readableDefinition.name, () => {
    it('is the definition itself when the role hides nothing (the fast path)', () => {
      expect(readableDefinition(contextWith(BUILT_IN_PERMISSIONS.member), DEAL)).toBe(DEAL);
    });

    it('leaves hidden properties out, a hidden display property too, and keeps the copy', () => {
      const shown = readableDefinition(contextWith(HIDING), DEAL);
      expect(shown.properties.map((p) => p.name)).toEqual(['name', 'n']);
      expect(shown.propertyByName.has('secret')).toBe(false);
      expect(shown.primary_display_property).toBeUndefined();
      expect(readableDefinition(contextWith(HIDING), DEAL)).toBe(shown);
    });
  });

  describe(readOwnerFilter.name, () => {
    it('narrows an own scope to the member, and to nobody without one', () => {
      expect(readOwnerFilter(contextWith(HIDING), 'deal')).toBe(MEMBER);
      expect(readOwnerFilter(contextWith(HIDING, null), 'deal')).toBe(
        '00000000-0000-0000-0000-000000000000',
      );
      expect(readOwnerFilter(contextWith(BUILT_IN_PERMISSIONS.viewer), 'deal')).toBeUndefined();
    });

    it('refuses a role that may not read the object', () => {
      const none: Permissions = { ...HIDING, objects: {} };
      expect(() => readOwnerFilter(contextWith(none), 'deal')).toThrow(
        expect.objectContaining({ code: ErrorCode.Forbidden }),
      );
    });
  });

  describe(assertReachesRecord.name, () => {
    it('answers 404 for a record the role may not read and 403 for one it may only read', () => {
      const other = { id: 'r', owner_id: 'someone-else' };
      expect(() => assertReachesRecord(contextWith(HIDING), 'deal', 'update', other)).toThrow(
        expect.objectContaining({ code: ErrorCode.RecordNotFound }),
      );
      const member = contextWith(BUILT_IN_PERMISSIONS.member);
      expect(() => assertReachesRecord(member, 'deal', 'delete', other)).toThrow(
        expect.objectContaining({ code: ErrorCode.Forbidden }),
      );
      expect(() =>
        assertReachesRecord(member, 'deal', 'delete', { id: 'r', owner_id: MEMBER }),
      ).not.toThrow();
    });
  });

  describe(propertyWriteErrors.name, () => {
    it('names hidden and changed read-only properties only', () => {
      expect(
        propertyWriteErrors(contextWith(HIDING), 'deal', ['name', 'secret', 'n'], () => false),
      ).toEqual({
        secret: 'is hidden from your role: it cannot be written',
        n: 'is read-only for your role',
      });
      expect(propertyWriteErrors(contextWith(HIDING), 'deal', ['name', 'n'], () => true)).toBe(
        undefined,
      );
    });
  });

  describe(actorText.name, () => {
    it('writes members, API keys and Plinth itself as text', () => {
      expect(actorText({ kind: 'member', id: 'm', userId: 'u' })).toBe('member:m');
      expect(actorText({ kind: 'api_key', id: 'k' })).toBe('api_key:k');
      expect(actorText({ kind: 'system', id: null })).toBe('system');
    });
  });

  describe(visibleSearchVector.name, () => {
    it('reads the visible searchable properties only, as the stored text does', () => {
      const vector = visibleSearchVector(
        [property('name', 'text'), property('n', 'number')],
        undefined,
      );
      expect(vector).toContain(`r.properties->>'name'`);
      expect(vector).not.toContain(`'n'`);
      expect(vector).not.toContain('secret');
    });
  });

  describe(fieldCondition.name, () => {
    it('binds owner ids as uuids and matches null as no owner', () => {
      const params = new SqlParams();
      expect(fieldCondition({ field: 'owner_id', values: [MEMBER, null] }, params)).toBe(
        '(r.owner_id = ANY($1::uuid[]) OR r.owner_id IS NULL)',
      );
      expect(params.values).toEqual([[MEMBER]]);
      expect(
        fieldCondition(
          { field: 'created_by', values: ['system'], isNegated: true },
          new SqlParams(),
        ),
      ).toBe('NOT COALESCE(r.created_by = ANY($1::text[]), false)');
    });
  });
});
