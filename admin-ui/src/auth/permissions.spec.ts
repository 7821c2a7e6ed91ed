import { specimen } from 'src/test/fixtures';
import { describe, expect, it } from 'vitest';
import {
  canAny,
  canOn,
  FULL_PERMISSIONS,
  objectAccess,
  objectScopes,
  propertyAccess,
  visibleDefinition,
} from './permissions';
import type { PermissionsWire } from './types';

const sales: PermissionsWire = {
  objects: {
    '*': { read: 'all', create: 'none', update: 'none', delete: 'none' },
    deal: { read: 'all', create: 'all', update: 'own', delete: 'none' },
  },
  properties: { specimen: { weight: 'hidden', price: 'read_only' } },
  manage_data_model: false,
  manage_access: false,
};

describe(objectScopes.name, () => {
  it("takes the object's own entry first", () => {
    expect(objectScopes(sales, 'deal')).toEqual({
      read: 'all',
      create: 'all',
      update: 'own',
      delete: 'none',
    });
  });

  it('falls back to the * entry for any other object, including ones created later', () => {
    expect(objectScopes(sales, 'shipment').create).toBe('none');
    expect(objectScopes(sales, 'shipment').read).toBe('all');
  });

  it('grants nothing without an entry or a * entry', () => {
    expect(objectScopes({ ...sales, objects: {} }, 'deal')).toEqual({
      read: 'none',
      create: 'none',
      update: 'none',
      delete: 'none',
    });
  });

  it('does not take inherited object keys for objects', () => {
    expect(objectScopes({ ...sales, objects: {} }, 'constructor').read).toBe('none');
  });
});

describe(propertyAccess.name, () => {
  it("answers a property's access, or undefined when the role leaves it alone", () => {
    expect(propertyAccess(sales, 'specimen', 'weight')).toBe('hidden');
    expect(propertyAccess(sales, 'specimen', 'price')).toBe('read_only');
    expect(propertyAccess(sales, 'specimen', 'title')).toBeUndefined();
    expect(propertyAccess(sales, 'deal', 'amount')).toBeUndefined();
  });
});

describe(canOn.name, () => {
  const access = objectAccess(sales, 'deal', 'member-ada');

  it('allows an `own` action only on the member’s own records', () => {
    expect(canOn(access, 'update', { owner_id: 'member-ada' })).toBe(true);
    expect(canOn(access, 'update', { owner_id: 'member-bob' })).toBe(false);
  });

  it('never allows a `none` action and always an `all` one', () => {
    expect(canOn(access, 'delete', { owner_id: 'member-ada' })).toBe(false);
    expect(canOn(access, 'create', { owner_id: 'member-bob' })).toBe(true);
  });

  it('counts an `own` action as possible on some record', () => {
    expect(canAny(access, 'update')).toBe(true);
    expect(canAny(access, 'delete')).toBe(false);
  });
});

describe(visibleDefinition.name, () => {
  it('drops hidden properties and marks read-only ones', () => {
    const visible = visibleDefinition(specimen, sales);
    const names = visible.properties.map((property) => property.name);
    expect(names).not.toContain('weight');
    expect(names).toHaveLength(specimen.properties.length - 1);
    expect(visible.properties.find((property) => property.name === 'price')?.read_only).toBe(true);
    expect(visible.properties.find((property) => property.name === 'title')?.read_only).toBeFalsy();
  });

  it('keeps the definition as it is for a role without property rules', () => {
    expect(visibleDefinition(specimen, FULL_PERMISSIONS)).toBe(specimen);
  });
});
