import type { PermissionsWire } from 'src/auth/types';
import { describe, expect, it } from 'vitest';
import {
  draftFromWire,
  draftToWire,
  effectiveScopes,
  emptyDraft,
  roleNameProblem,
  withPropertyAccess,
} from './roleDraft';

const wire: PermissionsWire = {
  objects: {
    '*': { read: 'all', create: 'none', update: 'none', delete: 'none' },
    deal: { read: 'own', create: 'all', update: 'own', delete: 'none' },
    retired_object: { read: 'none', create: 'none', update: 'none', delete: 'none' },
  },
  properties: { deal: { amount: 'read_only', margin: 'hidden' } },
  manage_data_model: false,
  manage_access: true,
};

describe(draftFromWire.name, () => {
  it('gives every current object a row: its own scopes, or the default (null)', () => {
    const draft = draftFromWire('sales', wire, ['deal', 'company']);
    expect(draft.defaults).toEqual(wire.objects['*']);
    expect(draft.objects.deal).toEqual(wire.objects.deal);
    expect(draft.objects.company).toBeNull();
    expect(effectiveScopes(draft, 'company')).toEqual(wire.objects['*']);
  });

  it('keeps the entries of objects that no longer exist, so saving loses nothing', () => {
    const draft = draftFromWire('sales', wire, ['deal']);
    expect(Object.keys(draft.objects)).toEqual(['deal', 'retired_object']);
  });
});

describe(draftToWire.name, () => {
  it('gives back the stored permissions unchanged (round trip)', () => {
    expect(draftToWire(draftFromWire('sales', wire, ['deal', 'company']))).toEqual(wire);
  });

  it('writes only objects with their own scopes, so the others follow the default', () => {
    const draft = emptyDraft(['deal', 'company']);
    const body = draftToWire({
      ...draft,
      objects: {
        ...draft.objects,
        deal: { read: 'all', create: 'all', update: 'all', delete: 'own' },
      },
    });
    expect(Object.keys(body.objects).sort()).toEqual(['*', 'deal']);
    expect(body.objects['*']).toEqual({
      read: 'all',
      create: 'none',
      update: 'none',
      delete: 'none',
    });
  });

  it('drops objects whose every property went back to visible', () => {
    let draft = draftFromWire('sales', wire, ['deal']);
    draft = withPropertyAccess(draft, 'deal', 'amount', undefined);
    draft = withPropertyAccess(draft, 'deal', 'margin', undefined);
    expect(draftToWire(draft).properties).toEqual({});
  });

  it('carries the two settings flags', () => {
    const body = draftToWire({ ...emptyDraft([]), manageDataModel: true });
    expect(body.manage_data_model).toBe(true);
    expect(body.manage_access).toBe(false);
  });
});

describe(withPropertyAccess.name, () => {
  it('sets and changes one property without touching the others', () => {
    const draft = withPropertyAccess(
      draftFromWire('sales', wire, ['deal']),
      'deal',
      'amount',
      'hidden',
    );
    expect(draft.properties.deal).toEqual({ amount: 'hidden', margin: 'hidden' });
    expect(withPropertyAccess(draft, 'company', 'name', 'read_only').properties.company).toEqual({
      name: 'read_only',
    });
  });
});

describe(roleNameProblem.name, () => {
  it('accepts a lower-case name that is free', () => {
    expect(roleNameProblem('sales_rep', ['owner', 'admin'])).toBeNull();
  });

  it('refuses a taken name, upper case, spaces and an empty name', () => {
    expect(roleNameProblem('admin', ['owner', 'admin'])).toMatch(/exists/);
    expect(roleNameProblem('Sales', [])).not.toBeNull();
    expect(roleNameProblem('sales rep', [])).not.toBeNull();
    expect(roleNameProblem('', [])).not.toBeNull();
  });
});
