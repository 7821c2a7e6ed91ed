import { AppError, type FieldErrors } from 'src/common/errors/app-error';
import { ErrorCode } from 'src/common/errors/error-code';
import type { CompiledDefinition } from 'src/object-definitions/definition-registry';
import {
  hiddenProperties,
  objectPermissions,
  propertyAccess,
  type RecordAction,
  type Scope,
} from 'src/organizations/permissions';
import type { RequestContext } from 'src/organizations/request-context';

/**
 * What the caller's role lets it do with an object's records (docs/architecture.md, "Access"):
 * pure functions over `context.permissions`, used by the write path's authorize stage and by
 * every read. A record the caller may not read answers 404 (as if absent); one it may read but
 * not change answers 403.
 */

export function scopeOf(context: RequestContext, object: string, action: RecordAction): Scope {
  return objectPermissions(context.permissions, object)[action];
}

export function forbidden(message: string, errors?: FieldErrors): AppError {
  return new AppError(ErrorCode.Forbidden, message, errors);
}

/** 403 unless the role reaches some records of the object for `action`; the scope otherwise. */
export function assertAction(
  context: RequestContext,
  object: string,
  action: RecordAction,
): Exclude<Scope, 'none'> {
  const scope = scopeOf(context, object, action);
  if (scope === 'none') {
    throw forbidden(`Your role (${context.role}) may not ${action} ${object} records`);
  }
  return scope;
}

/**
 * The owner reads are narrowed to: the member for a read scope `own` (a context without a member
 * owns nothing: the nil uuid matches no record), undefined for `all`. 403 for `none`.
 */
export function readOwnerFilter(context: RequestContext, object: string): string | undefined {
  return assertAction(context, object, 'read') === 'own' ? ownerOf(context) : undefined;
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

function ownerOf(context: RequestContext): string {
  return context.memberId ?? NOBODY;
}

/** Whether the role may `action` the record owned by `ownerId` (its scope is all, or own and it owns it). */
export function reachesRecord(
  context: RequestContext,
  object: string,
  action: RecordAction,
  ownerId: string | null,
): boolean {
  const scope = scopeOf(context, object, action);
  return scope === 'all' || (scope === 'own' && ownerId !== null && ownerId === context.memberId);
}

/**
 * Refuses a write of a record the role does not reach: 404 when it may not even read it (it is
 * absent for this caller), else 403.
 */
export function assertReachesRecord(
  context: RequestContext,
  object: string,
  action: RecordAction,
  record: { id: string; owner_id: string | null },
): void {
  if (!reachesRecord(context, object, 'read', record.owner_id)) {
    throw new AppError(ErrorCode.RecordNotFound, `No ${object} with id ${record.id}`);
  }
  if (!reachesRecord(context, object, action, record.owner_id)) {
    throw forbidden(
      `Your role (${context.role}) may ${action} only the ${object} records its member owns`,
    );
  }
}

/**
 * The body's properties the role may not write: hidden ones (it cannot see them) and read-only
 * ones, keyed like the body. `unchanged` tells an update's value equal to the stored one, which
 * passes (react-admin sends back the whole record it showed).
 */
export function propertyWriteErrors(
  context: RequestContext,
  object: string,
  names: string[],
  unchanged: (name: string) => boolean = () => false,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  for (const name of names) {
    const access = propertyAccess(context.permissions, object, name);
    if (access === 'hidden') {
      errors[name] = 'is hidden from your role: it cannot be written';
    } else if (access === 'read_only' && !unchanged(name)) {
      errors[name] = 'is read-only for your role';
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

const readable = new WeakMap<CompiledDefinition, Map<string, CompiledDefinition>>();

/**
 * The definition as the caller sees it: without the properties its role hides, so every read
 * (wire records, filters, sorts, chosen properties) treats them as absent. The same object when
 * nothing is hidden (the common case costs one lookup); else one derived copy per hidden set.
 */
export function readableDefinition(
  context: RequestContext,
  definition: CompiledDefinition,
): CompiledDefinition {
  const hidden = hiddenProperties(context.permissions, definition.name);
  if (hidden.length === 0) {
    return definition;
  }
  const key = [...hidden].sort().join('\n');
  const byHidden = readable.get(definition) ?? new Map<string, CompiledDefinition>();
  readable.set(definition, byHidden);
  let derived = byHidden.get(key);
  if (!derived) {
    const properties = definition.properties.filter((p) => !hidden.includes(p.name));
    const { primary_display_property: display, ...rest } = definition;
    derived = {
      ...rest,
      ...(display !== undefined && !hidden.includes(display)
        ? { primary_display_property: display }
        : {}),
      properties,
      propertyByName: new Map(properties.map((p) => [p.name, p])),
    };
    byHidden.set(key, derived);
  }
  return derived;
}

/** Whether the caller's role hides some of the object's properties (reads then take the slow path). */
export function hasHiddenProperties(context: RequestContext, object: string): boolean {
  return hiddenProperties(context.permissions, object).length > 0;
}
